package dev.observability.sample.otlp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.observability.test.OtlpReceiver;
import dev.observability.test.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.api.trace.SpanKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample, on its default wiring (H2, embedded Redis) and configured for export only
 * through {@code observability.otlp.endpoint} and
 * {@code observability.otlp.bearer-token}, sends its spans and meters over OTLP/HTTP to
 * an {@link OtlpReceiver} standing in for a collector: the request's HTTP → service → SQL
 * tree with its parent ids and the semantic-convention attributes
 * {@code docs/telemetry.md} promises, the resource's {@code service.name}, the bearer
 * token on every export request and never in the log.
 * <p>
 * {@code @AutoConfigureTracing} and {@code @AutoConfigureMetrics} keep export on, which a
 * {@code @SpringBootTest} otherwise switches off. The application runs on a database of
 * its own and is closed after the class, so that it stops pushing metrics; JUnit closes
 * the receiver first, so its last push at shutdown logs one warning.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:otlp-export", "sample.overdue-scan.interval=1h",
				"observability.otlp.bearer-token=" + SampleOtlpExportTests.TOKEN,
				// export within a tenth of a second and push metrics every second, so
				// that the test waits for neither
				"observability.otlp.spans.schedule-delay=100ms", "management.otlp.metrics.export.step=1s" })
@AutoConfigureTracing
@AutoConfigureMetrics
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class SampleOtlpExportTests {

	static final String TOKEN = "otlp-token-7c3e91f0b2";

	private static final String TASKS_ROUTE = "/api/residences/{id}/tasks";

	private static final Duration BOUND = Duration.ofSeconds(10);

	private static final OtlpReceiver receiver = OtlpReceiver.start();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void collector(DynamicPropertyRegistry registry) {
		registry.add("observability.otlp.endpoint", receiver::endpoint);
	}

	@AfterAll
	static void closeReceiver() {
		receiver.close();
	}

	@Test
	void tasksOfAResidenceArriveAsOneTraceFromHttpThroughTheServiceToSql() throws Exception {
		assertThat(get("/api/residences/1/tasks")).isEqualTo(200);

		ReceivedSpan server = await().atMost(BOUND)
			.until(() -> serverSpan("/api/residences/1/tasks"), (span) -> span != null);
		await().atMost(BOUND).untilAsserted(() -> assertThat(spansOfTrace(server.traceId())).hasSize(4));
		List<ReceivedSpan> trace = spansOfTrace(server.traceId());
		ReceivedSpan service = named(trace, "TaskService.listForResidence");
		ReceivedSpan residence = named(trace, "SELECT residence");
		ReceivedSpan task = named(trace, "SELECT task");
		assertThat(server.parentSpanId()).as("the server span is the trace's root").isEmpty();
		assertThat(service.parentSpanId()).isEqualTo(server.spanId());
		assertThat(residence.parentSpanId()).isEqualTo(service.spanId());
		assertThat(task.parentSpanId()).isEqualTo(service.spanId());
		assertThat(trace).extracting(ReceivedSpan::spanId).doesNotHaveDuplicates();
		assertThat(server.kind()).isEqualTo(SpanKind.SERVER);
		assertThat(service.kind()).isEqualTo(SpanKind.INTERNAL);
		assertThat(task.kind()).isEqualTo(SpanKind.CLIENT);
		assertThat(residence.kind()).isEqualTo(SpanKind.CLIENT);
		assertThat(server.attributes()).containsEntry("http.request.method", "GET")
			.containsEntry("http.route", TASKS_ROUTE)
			.containsEntry("http.response.status_code", 200L)
			.containsEntry("url.scheme", "http")
			.containsEntry("url.path", "/api/residences/1/tasks");
		assertThat(service.attributes()).containsEntry("code.function.name",
				"dev.observability.sample.residence.TaskService.listForResidence");
		assertThat(task.attributes()).containsEntry("db.system.name", "h2")
			.containsEntry("db.operation.name", "SELECT")
			.containsEntry("db.collection.name", "task")
			.containsEntry("db.client.connection.pool.name", "residences")
			.hasEntrySatisfying("db.query.text", (text) -> assertThat((String) text).startsWith("select ")
				.contains(" from task ", "residence_id=?"));
		assertThat(residence.attributes()).containsEntry("db.system.name", "h2")
			.containsEntry("db.operation.name", "SELECT")
			.containsEntry("db.collection.name", "residence");
		assertThat(trace)
			.allSatisfy((span) -> assertThat(span.resourceAttributes()).containsEntry("service.name", "residences"));
		assertThat(receiver.requests("/v1/traces")).isNotEmpty()
			.allSatisfy((request) -> assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN));
	}

	@Test
	void theRouteSqlAndPipelineMetersArriveWithTheBearerToken() throws Exception {
		assertThat(get("/api/residences/2/tasks")).isEqualTo(200);

		await().atMost(BOUND)
			.untilAsserted(() -> assertThat(routesOf("http.server.request.duration")).contains(TASKS_ROUTE));
		assertThat(receiver.metricNames()).contains("db.client.operation.duration", "code.function.duration",
				"telemetry.spans.ended", "telemetry.spans.exported", "telemetry.spans.queued",
				"telemetry.export.duration");
		assertThat(receiver.resourceMetrics()).isNotEmpty()
			.allSatisfy((resource) -> assertThat(resource.getResource().getAttributesList()).anySatisfy((attribute) -> {
				assertThat(attribute.getKey()).isEqualTo("service.name");
				assertThat(attribute.getValue().getStringValue()).isEqualTo("residences");
			}));
		assertThat(receiver.requests("/v1/metrics")).isNotEmpty()
			.allSatisfy((request) -> assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN));
	}

	@Test
	void theTokenNeverReachesTheLog(CapturedOutput output) throws Exception {
		assertThat(get("/api/residences/3/tasks")).isEqualTo(200);
		await().atMost(BOUND).until(() -> serverSpan("/api/residences/3/tasks") != null);

		// Boot names the metrics destination at startup: the output holds the startup log
		assertThat(output.getOut()).contains("to " + receiver.endpoint() + "/v1/metrics")
			.contains("GET /api/residences/{id}/tasks (")
			.doesNotContain(TOKEN);
		assertThat(output.getErr()).doesNotContain(TOKEN);
	}

	private int get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(BOUND)
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static ReceivedSpan serverSpan(String path) {
		return receiver.spans()
			.stream()
			.filter((span) -> span.name().equals("GET " + TASKS_ROUTE)
					&& path.equals(span.attributes().get("url.path")))
			.findFirst()
			.orElse(null);
	}

	private static List<String> routesOf(String metricName) {
		return receiver.metrics()
			.stream()
			.filter((metric) -> metric.getName().equals(metricName))
			.flatMap((metric) -> metric.getHistogram().getDataPointsList().stream())
			.flatMap((point) -> point.getAttributesList().stream())
			.filter((attribute) -> attribute.getKey().equals("http.route"))
			.map((attribute) -> attribute.getValue().getStringValue())
			.toList();
	}

	private static List<ReceivedSpan> spansOfTrace(String traceId) {
		return receiver.spans().stream().filter((span) -> span.traceId().equals(traceId)).toList();
	}

	private static ReceivedSpan named(List<ReceivedSpan> spans, String name) {
		return spans.stream()
			.filter((span) -> span.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No span " + name + " in " + spans));
	}

}
