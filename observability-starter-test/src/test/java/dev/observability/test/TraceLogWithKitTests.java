package dev.observability.test;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The starter's trace log and the kit's capture are both span processors on Boot's tracer
 * provider; they must work side by side on a real request.
 */
@SpringBootTest(properties = "observability.trace-log.enabled=true")
@AutoConfigureMockMvc
@ObservabilityTest
@ExtendWith(OutputCaptureExtension.class)
class TraceLogWithKitTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private Telemetry telemetry;

	@Test
	void logsTheTreeOfARealRequestWhileTheKitCapturesIt(CapturedOutput output) throws Exception {
		this.mvc.perform(get("/api/residences/7/tasks"));
		assertThat(this.telemetry.traceOf("GET /api/residences/{id}/tasks")).queries().hasCount(1);
		assertThat(output.getOut().replaceAll("\\(\\d+(\\.\\d+)? ms\\)", "(<t> ms)")).contains("""
				GET /api/residences/{id}/tasks (<t> ms) http.response.status_code=200
				  TaskService.listForResidence (<t> ms)
				    SELECT task (<t> ms) db.query.text="SELECT title FROM task WHERE residence_id = ?"
				""");
	}

}
