package dev.observability.starter.http;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import dev.observability.starter.http.HttpObservationDocumentation.LowCardinalityKeyNames;
import dev.observability.starter.testapp.CapturedSpans;
import dev.observability.starter.testapp.TestApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same behaviour on a real Tomcat on the loopback interface, where the counting
 * wrappers sit over the container's own streams and errors go through its error page.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.tracing.sampling.probability=1.0",
				"management.endpoints.web.exposure.include=health,prometheus" })
@AutoConfigureTracing
@AutoConfigureMetrics
class HttpObservabilityServerTests {

	private static final String ROUTE = LowCardinalityKeyNames.HTTP_ROUTE.asString();

	private static final String METHOD = LowCardinalityKeyNames.HTTP_REQUEST_METHOD.asString();

	private static final String STATUS = LowCardinalityKeyNames.HTTP_RESPONSE_STATUS_CODE.asString();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private CapturedSpans spans;

	@Test
	void recordsBodySizesAndSpansOfARealRequest() throws Exception {
		String body = "{\"title\":\"water the plants\"}";
		double requestBytesBefore = postBodies(HttpBodySizeMeterDocumentation.REQUEST_BODY_SIZE).totalAmount();
		double responseBytesBefore = postBodies(HttpBodySizeMeterDocumentation.RESPONSE_BODY_SIZE).totalAmount();
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/api/residences/8/tasks"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
		assertThat(response.statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.spans.finished()).extracting(SpanData::getName)
				.contains("POST /api/residences/{id}/tasks"));
		assertThat(postBodies(HttpBodySizeMeterDocumentation.REQUEST_BODY_SIZE).totalAmount() - requestBytesBefore)
			.isEqualTo(body.length());
		assertThat(postBodies(HttpBodySizeMeterDocumentation.RESPONSE_BODY_SIZE).totalAmount() - responseBytesBefore)
			.isEqualTo(response.body().length);
	}

	@Test
	void countsTheBytesOfAChunkedRequestBody() throws Exception {
		// a body of unknown length goes out chunked, without Content-Length
		byte[] body = "{\"title\":\"sent without a length\"}".getBytes(StandardCharsets.UTF_8);
		DistributionSummary before = postBodies(HttpBodySizeMeterDocumentation.REQUEST_BODY_SIZE);
		long countBefore = before.count();
		double bytesBefore = before.totalAmount();
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/api/residences/11/tasks"))
			.version(HttpClient.Version.HTTP_1_1)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
		assertThat(response.statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(postBodies(HttpBodySizeMeterDocumentation.REQUEST_BODY_SIZE).count())
				.isEqualTo(countBefore + 1));
		assertThat(postBodies(HttpBodySizeMeterDocumentation.REQUEST_BODY_SIZE).totalAmount() - bytesBefore)
			.isEqualTo(body.length);
	}

	@Test
	void countsAStreamedAsyncResponseAndEndsItsSpanOnce() throws Exception {
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/api/residences/12/export")).GET());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).startsWith("task 0 of residence 12");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(this.registry.find(HttpBodySizeMeterDocumentation.RESPONSE_BODY_SIZE.getName())
				.tag(ROUTE, "/api/residences/{id}/export")
				.summaries()).singleElement()
				.satisfies((summary) -> assertThat(summary.totalAmount()).isEqualTo(response.body().length));
			assertThat(this.spans.finished()).extracting(SpanData::getName)
				.containsOnlyOnce("GET /api/residences/{id}/export");
		});
	}

	@Test
	void leavesTheHealthEndpointAndItsChecksOutOfTraces() throws Exception {
		this.spans.reset();
		HttpResponse<byte[]> health = send(HttpRequest.newBuilder(uri("/actuator/health")).GET());
		assertThat(health.statusCode()).isEqualTo(200);
		HttpResponse<byte[]> tasks = send(HttpRequest.newBuilder(uri("/api/residences/9/tasks")).GET());
		assertThat(tasks.statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.spans.finished()).extracting(SpanData::getName)
				.contains("GET /api/residences/{id}/tasks"));
		assertThat(this.spans.finished()).extracting(SpanData::getName)
			.containsExactlyInAnyOrder("GET /api/residences/{id}/tasks", "TaskService.listForResidence",
					"ResidenceService.nameOf");
	}

	@Test
	void reportsAnUnknownPathAsNotFoundAlthoughTheStaticResourceHandlerMatchesIt() throws Exception {
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/no/such/page.html")).GET());
		assertThat(response.statusCode()).isEqualTo(404);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(
					() -> assertThat(this.registry.find(HttpObservationDocumentation.HTTP_SERVER_REQUEST.getName())
						.tag(ROUTE, DefaultHttpServerRequestObservationConvention.ROUTE_NOT_FOUND)
						.tag(STATUS, "404")
						.timer()).isNotNull());
		assertThat(this.registry.find(HttpObservationDocumentation.HTTP_SERVER_REQUEST.getName()).timers())
			.extracting((timer) -> timer.getId().getTag(ROUTE))
			.doesNotContain("/**");
		assertThat(this.spans.finished()).extracting(SpanData::getName).doesNotContain("GET /**").contains("GET");
	}

	/**
	 * A body size summary of the POST route, or an empty one before the first request.
	 */
	private DistributionSummary postBodies(HttpBodySizeMeterDocumentation meter) {
		DistributionSummary summary = this.registry.find(meter.getName())
			.tag(ROUTE, "/api/residences/{id}/tasks")
			.tag(METHOD, "POST")
			.summary();
		return (summary != null) ? summary
				: DistributionSummary.builder(meter.getName()).register(new SimpleMeterRegistry());
	}

	private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
		return this.client.send(request.timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
