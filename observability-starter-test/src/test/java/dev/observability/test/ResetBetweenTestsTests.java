package dev.observability.test;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The first test leaves spans and meter counts behind; the later ones must not see them.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ObservabilityTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResetBetweenTestsTests {

	private static final String HTTP = "http.server.request.duration";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private Telemetry telemetry;

	@Test
	@Order(1)
	void leavesTelemetryBehind() throws Exception {
		this.mvc.perform(get("/api/residences/7/tasks?repeat=2"));
		this.mvc.perform(get("/api/residences/7/tasks"));
		assertThat(this.telemetry.traces()).hasSize(2);
		assertThat(this.telemetry.meters()).timer(HTTP, "http.route", "/api/residences/{id}/tasks").hasCount(2);
	}

	@Test
	@Order(2)
	void startsWithNoSpansAndNoRecordedMeters() {
		assertThat(this.telemetry.spans()).isEmpty();
		assertThat(this.telemetry.traces()).isEmpty();
		assertThat(this.telemetry.meters()).doesNotHaveMeter(HTTP).doesNotHaveMeter("db.client.operation.duration");
	}

	@Test
	@Order(3)
	void countsMetersFromTheStartOfTheTest() throws Exception {
		this.mvc.perform(get("/api/residences/7/tasks"));
		assertThat(this.telemetry.meters()).timer(HTTP, "http.route", "/api/residences/{id}/tasks").hasCount(1);
		assertThat(this.telemetry.meters()).timer("db.client.operation.duration").hasCount(1);
	}

	@Test
	@Order(4)
	void resetCanBeCalledWithinATest() throws Exception {
		this.mvc.perform(get("/api/residences/7/tasks"));
		this.telemetry.reset();
		assertThat(this.telemetry.traces()).isEmpty();
		assertThat(this.telemetry.meters()).doesNotHaveMeter(HTTP);
	}

}
