package dev.observability.test;

import java.sql.Connection;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
@ObservabilityTest
class MeterAssertionsTests {

	private static final String HTTP = "http.server.request.duration";

	private static final String DB = "db.client.operation.duration";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private Telemetry telemetry;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void timerHasCountAddsUpTheMatchingTimers() throws Exception {
		request("/api/residences/7/tasks?repeat=2");
		request("/api/residences/8/tasks");
		assertThat(this.telemetry.meters()).timer(HTTP, "http.route", "/api/residences/{id}/tasks").hasCount(2);
		assertThat(this.telemetry.meters()).timer(DB, "db.system.name", "h2", "db.operation.name", "SELECT")
			.hasCount(3);
	}

	@Test
	void timerHasCountFailureListsEachMatchingTimer() throws Exception {
		request("/api/residences/7/tasks");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.meters()).timer(DB, "db.collection.name", "task").hasCount(2))
			.withMessage("""
					Expecting the timer "db.client.operation.duration" with tags {db.collection.name=task} to have \
					recorded 2 times since the test started, but it recorded 1:
					  timer db.client.operation.duration{db.collection.name=task, db.namespace=%s, \
					db.operation.name=SELECT, db.system.name=h2, error.type=none} count=1""".formatted(database()));
	}

	@Test
	void timerFailureListsTheTimersThatExistUnderThatName() throws Exception {
		request("/api/residences/7/tasks");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.meters()).timer(DB, "db.system.name", "postgresql"))
			.withMessage("""
					Expecting a timer "db.client.operation.duration" with tags {db.system.name=postgresql} since the \
					test started, but found none.
					Meters named "db.client.operation.duration" since the test started:
					  timer db.client.operation.duration{db.collection.name=task, db.namespace=%s, \
					db.operation.name=SELECT, db.system.name=h2, error.type=none} count=1""".formatted(database()));
	}

	@Test
	void hasMeterFailureListsTheMeterNamesWhenNoneHasThatName() throws Exception {
		request("/api/residences/7/tasks");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.meters()).hasMeter("db.client.operation.time"))
			.withMessageStartingWith("""
					Expecting a meter "db.client.operation.time" since the test started, but found none.
					No meter is named "db.client.operation.time" since the test started; meter names since then: [""")
			.withMessageContaining("db.client.operation.duration");
	}

	@Test
	void hasMeterAndDoesNotHaveMeterMatchByNameAndTags() throws Exception {
		request("/api/residences/7/tasks");
		assertThat(this.telemetry.meters()).hasMeter(HTTP)
			.hasMeter(HTTP, "http.response.status_code", "200")
			.doesNotHaveMeter(HTTP, "http.response.status_code", "500")
			.doesNotHaveMeter("jdbc.missing");
	}

	@Test
	void doesNotHaveMeterFailureListsTheMatchingMeters() throws Exception {
		request("/api/residences/7/tasks");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.meters()).doesNotHaveMeter(DB))
			.withMessage("""
					Expecting no meter "db.client.operation.duration" since the test started, but found:
					  timer db.client.operation.duration{db.collection.name=task, db.namespace=%s, \
					db.operation.name=SELECT, db.system.name=h2, error.type=none} count=1""".formatted(database()));
	}

	@Test
	void tagsMustComeInPairs() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> assertThat(this.telemetry.meters()).hasMeter(HTTP, "http.route"))
			.withMessage("Tags must be key-value pairs, e.g. \"http.route\", \"/api/x\", but 1 were given");
	}

	/**
	 * The kit's database, {@code db.namespace} of its statements: each context gets one
	 * with a unique name.
	 */
	private String database() {
		return this.jdbc.execute((ConnectionCallback<String>) Connection::getCatalog);
	}

	private void request(String uri) throws Exception {
		this.mvc.perform(get(uri)).andExpect(status().isOk());
	}

}
