package dev.observability.test;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The assertions judge with the application's own settings: a threshold of 2 makes two
 * identical lookups a repeated query, and an excluded route is never judged.
 */
@SpringBootTest(properties = { "observability.jdbc.findings.threshold=2",
		"observability.jdbc.findings.excluded-routes=/api/tasks" })
@AutoConfigureMockMvc
@ObservabilityTest
class FindingSettingsTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private Telemetry telemetry;

	@Test
	void thresholdAndExclusionsOfTheApplicationApply() throws Exception {
		this.mvc.perform(get("/api/residences/7/tasks?repeat=2")).andExpect(status().isOk());
		this.mvc.perform(get("/api/tasks?residence=1,2,3,4,5")).andExpect(status().isOk());
		assertThat(this.telemetry.traceOf("GET /api/residences/{id}/tasks")).hasRepeatedQuery().withCount(2);
		assertThat(this.telemetry.traceOf("GET /api/tasks")).hasNoNPlusOne();
	}

}
