package dev.observability.test;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code @ObservabilityTest} in a {@code @WebMvcTest} slice, which loads only the web
 * layer's auto-configurations: the annotation brings the tracing, metrics and starter
 * auto-configurations the slice leaves out. The controller's service is the real one and
 * reads from H2, so the slice also imports the data source.
 */
@WebMvcTest(KitTestApplication.TaskController.class)
@Import(KitTestApplication.TaskService.class)
@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DataSourceInitializationAutoConfiguration.class,
		JdbcTemplateAutoConfiguration.class })
@ObservabilityTest
class WebMvcSliceTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private Telemetry telemetry;

	@Test
	void requestIsCapturedDownToItsStatement() throws Exception {
		this.mvc.perform(get("/api/residences/7/tasks")).andExpect(status().isOk());
		assertThat(this.telemetry.traceOf("GET /api/residences/{id}/tasks")).hasTree("""
				GET /api/residences/{id}/tasks
				  TaskService.listForResidence
				    SELECT task
				""");
		assertThat(this.telemetry.meters())
			.timer("http.server.request.duration", "http.route", "/api/residences/{id}/tasks")
			.hasCount(1);
	}

	@Test
	void loopOfTheRequestIsAnNPlusOne() throws Exception {
		this.mvc.perform(get("/api/tasks?residence=1,2,3,4,5")).andExpect(status().isOk());
		assertThat(this.telemetry.traceOf("GET /api/tasks")).hasNPlusOne().withCount(5);
		assertThat(this.telemetry.findings().all()).hasSize(1);
	}

}
