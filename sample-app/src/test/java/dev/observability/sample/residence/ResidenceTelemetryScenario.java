package dev.observability.sample.residence;

import java.time.Duration;
import java.util.List;

import dev.observability.test.ObservabilityTest;
import dev.observability.test.Telemetry;
import dev.observability.test.Trace;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the starter tells about the residences API, written once and run against each
 * database the app supports. Same annotations as {@link ResidenceApiScenario}, so both
 * scenarios share one application context per wiring.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ObservabilityTest
@ExtendWith(OutputCaptureExtension.class)
abstract class ResidenceTelemetryScenario {

	private static final String TASKS_ROUTE = "/api/residences/{id}/tasks";

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private Telemetry telemetry;

	@Test
	void tasksOfAResidenceAreOneTraceFromHttpThroughTheServiceToSql() {
		assertThat(this.mvc.get().uri("/api/residences/1/tasks")).hasStatusOk();

		Trace trace = this.telemetry.traceOf("GET " + TASKS_ROUTE);
		assertThat(trace).hasTree("""
				GET /api/residences/{id}/tasks
				  TaskService.listForResidence
				    SELECT residence
				    SELECT task
				""");
		assertThat(trace).queries().hasCount(2);
	}

	@Test
	void prometheusShowsRouteAndSqlHistograms() throws Exception {
		assertThat(this.mvc.get().uri("/api/residences/1/tasks")).hasStatusOk();

		String scrape = this.mvc.get().uri("/actuator/prometheus").exchange().getResponse().getContentAsString();
		assertThat(scrape.lines().filter((line) -> line.startsWith("http_server_request_duration_seconds_bucket{")))
			.anySatisfy((line) -> assertThat(line).contains("http_route=\"" + TASKS_ROUTE + "\"")
				.contains("http_request_method=\"GET\"")
				.contains("http_response_status_code=\"200\"")
				.contains("le=\"0.005\""));
		assertThat(scrape.lines().filter((line) -> line.startsWith("db_client_operation_duration_seconds_bucket{")))
			.anySatisfy((line) -> assertThat(line).contains("db_operation_name=\"SELECT\"")
				.contains("db_collection_name=\"task\"")
				.contains("le=\"0.001\""));
		assertThat(scrape).as("raw URLs and SQL never become labels")
			.doesNotContain("/api/residences/1/tasks")
			.doesNotContainIgnoringCase("select ");
	}

	@Test
	void noLiteralOfTheRequestReachesASpan() {
		String title = "Replace the boiler valve 7731";
		assertThat(this.mvc.post()
			.uri("/api/residences/2/tasks")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"title\": \"" + title + "\", \"dueDate\": \"2031-02-03\"}")).hasStatus(HttpStatus.CREATED);

		Trace trace = this.telemetry.traceOf("POST " + TASKS_ROUTE);
		assertThat(trace).queries().hasCountAtMost(3);
		List<String> attributeValues = trace.spans()
			.stream()
			.flatMap((span) -> span.getAttributes().asMap().values().stream())
			.map(String::valueOf)
			.toList();
		assertThat(attributeValues).isNotEmpty()
			.noneMatch((value) -> value.contains("boiler") || value.contains("7731") || value.contains("2031"));
	}

	@Test
	void actuatorRequestsCreateNoSpan() {
		assertThat(this.mvc.get().uri("/actuator/health")).hasStatusOk();
		assertThat(this.mvc.get().uri("/actuator/prometheus")).hasStatusOk();
		assertThat(this.mvc.get().uri("/api/residences")).hasStatusOk();

		this.telemetry.traceOf("GET /api/residences");
		List<SpanData> spans = this.telemetry.spans();
		assertThat(spans).extracting(SpanData::getName).isNotEmpty().noneMatch((name) -> name.contains("actuator"));
		assertThat(this.telemetry.traces()).extracting(Trace::rootName).containsExactly("GET /api/residences");
	}

	@Test
	void theTraceTreeIsLogged(CapturedOutput output) {
		assertThat(this.mvc.get().uri("/api/residences/3/tasks")).hasStatusOk();

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut()).containsPattern(
					"(?s)GET /api/residences/\\{id}/tasks .*\\n  TaskService\\.listForResidence .*\\n    SELECT residence .*\\n    SELECT task "));
	}

}
