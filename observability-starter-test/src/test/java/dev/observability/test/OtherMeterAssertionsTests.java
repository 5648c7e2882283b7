package dev.observability.test;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.DistributionSummary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Counter, gauge and distribution summary assertions: the starter's findings counter, its
 * pool gauges and a summary of the test's own.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ObservabilityTest
class OtherMeterAssertionsTests {

	private static final String FINDINGS = "observability.db.query.findings";

	private static final String CONNECTIONS = "db.client.connection.count";

	private static final String PAYLOAD = "kit.test.payload.size";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private Telemetry telemetry;

	@Autowired
	private HikariDataSource dataSource;

	private DistributionSummary payload;

	@BeforeEach
	void registerSummary() {
		this.payload = DistributionSummary.builder(PAYLOAD)
			.tag("kind", "upload")
			.register(this.telemetry.meters().registry());
		this.payload.record(1000);
		// set-up is not what the tests check: count from here
		this.telemetry.reset();
	}

	@Test
	void counterHasCountCountsFromTheReset() throws Exception {
		request("/api/tasks?residence=1,2,3,4,5");
		assertThat(this.telemetry.meters()).counter(FINDINGS, "finding.kind", "n_plus_one").hasCount(1);
		this.telemetry.reset();
		request("/api/tasks?residence=1,2,3,4,5");
		request("/api/tasks?residence=1,2,3,4,5");
		assertThat(this.telemetry.meters()).counter(FINDINGS).hasCount(2);
	}

	@Test
	void counterHasCountFailureListsEachMatchingCounter() throws Exception {
		request("/api/tasks?residence=1,2,3,4,5");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(
				() -> assertThat(this.telemetry.meters()).counter(FINDINGS, "finding.kind", "n_plus_one").hasCount(2))
			.withMessage("""
					Expecting the counter "observability.db.query.findings" with tags {finding.kind=n_plus_one} \
					to have counted 2 since the test started, but it counted 1:
					  counter observability.db.query.findings{db.collection.name=task, finding.kind=n_plus_one, \
					unit.name=/api/tasks} count=1""");
	}

	@Test
	void counterFailureListsTheMetersThatExistUnderThatName() throws Exception {
		request("/api/tasks?residence=1,2,3,4,5");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.meters()).counter(FINDINGS, "finding.kind", "repeated_query"))
			.withMessage("""
					Expecting a counter "observability.db.query.findings" with tags {finding.kind=repeated_query} \
					since the test started, but found none.
					Meters named "observability.db.query.findings" since the test started:
					  counter observability.db.query.findings{db.collection.name=task, finding.kind=n_plus_one, \
					unit.name=/api/tasks} count=1""");
	}

	@Test
	void counterDoesNotMatchAMeterOfAnotherType() throws Exception {
		request("/api/residences/7/tasks");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.meters()).counter("db.client.operation.duration"))
			.withMessageStartingWith("""
					Expecting a counter "db.client.operation.duration" since the test started, but found none.
					Meters named "db.client.operation.duration" since the test started:
					  timer db.client.operation.duration{""");
	}

	@Test
	void gaugeHasValueReadsTheCurrentValueAndAddsUpMatchingGauges() {
		String pool = this.dataSource.getPoolName();
		int idle = this.dataSource.getHikariPoolMXBean().getIdleConnections();
		assertThat(this.telemetry.meters())
			.gauge(CONNECTIONS, "db.client.connection.pool.name", pool, "db.client.connection.state", "used")
			.hasValue(0);
		assertThat(this.telemetry.meters()).gauge(CONNECTIONS, "db.client.connection.pool.name", pool).hasValue(idle);
	}

	@Test
	void gaugeHasValueFailureListsEachMatchingGaugeWithItsValue() {
		String pool = this.dataSource.getPoolName();
		int idle = this.dataSource.getHikariPoolMXBean().getIdleConnections();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.meters()).gauge(CONNECTIONS).hasValue(idle + 1))
			.withMessage("""
					Expecting the gauge "db.client.connection.count" to have the value %d, but it has %d:
					  gauge db.client.connection.count{db.client.connection.pool.name=%s, \
					db.client.connection.state=idle} value=%d
					  gauge db.client.connection.count{db.client.connection.pool.name=%s, \
					db.client.connection.state=used} value=0""".formatted(idle + 1, idle, pool, idle, pool));
	}

	@Test
	void gaugeFailureListsTheGaugesThatExistUnderThatName() {
		String pool = this.dataSource.getPoolName();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(
					() -> assertThat(this.telemetry.meters()).gauge(CONNECTIONS, "db.client.connection.state", "busy"))
			.withMessageStartingWith("""
					Expecting a gauge "db.client.connection.count" with tags {db.client.connection.state=busy} since \
					the test started, but found none.
					Meters named "db.client.connection.count" since the test started:
					  gauge db.client.connection.count{db.client.connection.pool.name=%s, \
					db.client.connection.state=idle} value=""".formatted(pool));
	}

	@Test
	void summaryHasCountAndHasTotalCountFromTheReset() {
		this.payload.record(20);
		this.payload.record(22);
		assertThat(this.telemetry.meters()).summary(PAYLOAD, "kind", "upload").hasCount(2).hasTotal(42);
	}

	@Test
	void summaryFailuresListEachMatchingSummaryWithCountAndTotal() {
		this.payload.record(42);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.meters()).summary(PAYLOAD).hasCount(2))
			.withMessage("""
					Expecting the summary "kit.test.payload.size" to have recorded 2 times since the test started, \
					but it recorded 1:
					  distribution_summary kit.test.payload.size{kind=upload} count=1 total=42""");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.meters()).summary(PAYLOAD).hasTotal(40.5))
			.withMessage("""
					Expecting the summary "kit.test.payload.size" to have recorded a total of 40.5 since the test \
					started, but it recorded 42:
					  distribution_summary kit.test.payload.size{kind=upload} count=1 total=42""");
	}

	@Test
	void summaryThatRecordedNothingSinceTheResetIsAbsent() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.telemetry.meters()).summary(PAYLOAD))
			.withMessageStartingWith("""
					Expecting a distribution summary "kit.test.payload.size" since the test started, but found none.
					No meter is named "kit.test.payload.size" since the test started; meter names since then: [""");
	}

	private void request(String uri) throws Exception {
		this.mvc.perform(get(uri)).andExpect(status().isOk());
	}

}
