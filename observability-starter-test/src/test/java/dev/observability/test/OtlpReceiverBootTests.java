package dev.observability.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.observability.test.OtlpReceiver.ReceivedSpan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Boot, configured with the starter's {@code observability.otlp.*} block (endpoint
 * from {@code @DynamicPropertySource}, bearer token), exports the starter's spans and
 * meters over OTLP/HTTP to an {@link OtlpReceiver}: the request's span tree with
 * semantic-convention attributes and the bearer token.
 * <p>
 * {@code @AutoConfigureTracing} and {@code @AutoConfigureMetrics} keep export on: in a
 * {@code @SpringBootTest} Boot switches it off otherwise (the properties
 * {@code spring.test.tracing.export=true} and {@code spring.test.metrics.export=true} do
 * the same). {@code @DirtiesContext} closes the application after this class, so it does
 * not keep pushing metrics to a closed receiver for the rest of the run; JUnit runs
 * {@code @AfterAll} before Spring closes the application, so the final metrics push at
 * shutdown finds the receiver closed and logs one warning.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=otlp-receiver-test", "management.tracing.sampling.probability=1.0",
				"observability.otlp.bearer-token=test-token", "observability.otlp.spans.schedule-delay=100ms",
				"management.otlp.metrics.export.step=1s" })
@AutoConfigureTracing
@AutoConfigureMetrics
@DirtiesContext
class OtlpReceiverBootTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

	private static final OtlpReceiver receiver = OtlpReceiver.start();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void otlpEndpoints(DynamicPropertyRegistry registry) {
		registry.add("observability.otlp.endpoint", receiver::endpoint);
	}

	@AfterAll
	static void closeReceiver() {
		receiver.close();
	}

	@Test
	void theRequestsSpanTreeArrivesWithParentIdsSemanticAttributesAndTheBearerToken() throws Exception {
		assertThat(get("/api/residences/7/tasks", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01")).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spansOfTheTrace()).hasSize(3));
		List<ReceivedSpan> spans = spansOfTheTrace();
		ReceivedSpan server = named(spans, "GET /api/residences/{id}/tasks");
		ReceivedSpan service = named(spans, "TaskService.listForResidence");
		ReceivedSpan sql = named(spans, "SELECT task");
		assertThat(server.kind()).isEqualTo(SpanKind.SERVER);
		assertThat(server.parentSpanId()).isEqualTo(CALLER_SPAN_ID);
		assertThat(service.kind()).isEqualTo(SpanKind.INTERNAL);
		assertThat(service.parentSpanId()).isEqualTo(server.spanId());
		assertThat(sql.kind()).isEqualTo(SpanKind.CLIENT);
		assertThat(sql.parentSpanId()).isEqualTo(service.spanId());
		assertThat(server.attributes()).containsEntry("http.request.method", "GET")
			.containsEntry("http.route", "/api/residences/{id}/tasks")
			.containsEntry("http.response.status_code", 200L)
			.containsEntry("url.scheme", "http");
		assertThat(sql.attributes()).containsEntry("db.system.name", "h2")
			.containsEntry("db.operation.name", "SELECT")
			.containsEntry("db.collection.name", "task")
			.containsEntry("db.query.text", KitTestApplication.QUERY);
		assertThat(server.resourceAttributes()).containsEntry("service.name", "otlp-receiver-test");
		assertThat(receiver.requests("/v1/traces")).isNotEmpty()
			.allSatisfy((request) -> assertThat(request.header("authorization")).isEqualTo("Bearer test-token"));
	}

	@Test
	void theStartersMetersArriveWithTheBearerTokenAndNotBootsOwnRequestTimer() throws Exception {
		assertThat(get("/api/tasks?residence=7", null)).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(durationPointsOf("/api/tasks")).isNotEmpty());
		HistogramDataPoint point = durationPointsOf("/api/tasks").get(0);
		assertThat(point.getCount()).isEqualTo(1);
		assertThat(point.getAttributesList()).extracting(KeyValue::getKey)
			.contains("http.request.method", "http.response.status_code", "http.route");
		assertThat(receiver.metricNames()).contains("db.client.operation.duration")
			.doesNotContain("http.server.requests");
		assertThat(receiver.resourceMetrics().get(0).getResource().getAttributesList()).anySatisfy(
				(attribute) -> assertThat(attribute.getValue().getStringValue()).isEqualTo("otlp-receiver-test"));
		assertThat(receiver.requests("/v1/metrics")).isNotEmpty()
			.allSatisfy((request) -> assertThat(request.header("Authorization")).isEqualTo("Bearer test-token"));
	}

	private int get(String path, String traceparent) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (traceparent != null) {
			request.header("traceparent", traceparent);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static List<ReceivedSpan> spansOfTheTrace() {
		return receiver.spans().stream().filter((span) -> span.traceId().equals(TRACE_ID)).toList();
	}

	private static ReceivedSpan named(List<ReceivedSpan> spans, String name) {
		return spans.stream()
			.filter((span) -> span.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No span " + name + " in " + spans));
	}

	private static List<HistogramDataPoint> durationPointsOf(String route) {
		return receiver.metrics()
			.stream()
			.filter((metric) -> metric.getName().equals("http.server.request.duration"))
			.flatMap((metric) -> metric.getHistogram().getDataPointsList().stream())
			.filter((point) -> point.getAttributesList()
				.stream()
				.anyMatch((attribute) -> attribute.getKey().equals("http.route")
						&& attribute.getValue().getStringValue().equals(route)))
			.toList();
	}

}
