package dev.observability.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.observability.test.OtlpReceiver.ReceivedRequest;
import dev.observability.test.OtlpReceiver.ReceivedSpan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link OtlpReceiver} against the OpenTelemetry SDK's own OTLP/HTTP exporters: what they
 * send arrives decoded, and each fault mode makes them fail the way a bad collector
 * would.
 */
class OtlpReceiverTests {

	private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);

	private static final Resource RESOURCE = Resource.getDefault()
		.merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "receiver-tests")));

	private final OtlpReceiver receiver = OtlpReceiver.start();

	private final List<OtlpHttpSpanExporter> exporters = new ArrayList<>();

	@AfterEach
	void close() {
		this.exporters.forEach(OtlpHttpSpanExporter::close);
		this.receiver.close();
	}

	@Test
	void spansOfTheSdkExporterArriveWithIdsNamesKindsAttributesAndResource() {
		List<SpanData> sent = parentAndChild();
		assertThat(export(exporter(UnaryOperator.identity()), sent).isSuccess()).isTrue();
		List<ReceivedSpan> spans = this.receiver.awaitSpans(2, Duration.ofSeconds(5));
		ReceivedSpan child = spans.get(0);
		ReceivedSpan parent = spans.get(1);
		assertThat(parent.name()).isEqualTo("GET /api/tasks");
		assertThat(parent.kind()).isEqualTo(SpanKind.SERVER);
		assertThat(parent.isRoot()).isTrue();
		assertThat(parent.parentSpanId()).isEmpty();
		assertThat(parent.spanId()).isEqualTo(sent.get(1).getSpanId()).matches("[0-9a-f]{16}");
		assertThat(parent.traceId()).isEqualTo(sent.get(1).getTraceId()).matches("[0-9a-f]{32}");
		assertThat(parent.attributes()).containsEntry("http.request.method", "GET")
			.containsEntry("http.response.status_code", 200L);
		assertThat(parent.resourceAttributes()).containsEntry("service.name", "receiver-tests")
			.containsEntry("telemetry.sdk.language", "java");
		assertThat(parent.scopeName()).isEqualTo("receiver-tests-scope");
		assertThat(child.name()).isEqualTo("TaskService.list");
		assertThat(child.kind()).isEqualTo(SpanKind.INTERNAL);
		assertThat(child.parentSpanId()).isEqualTo(parent.spanId());
		assertThat(child.traceId()).isEqualTo(parent.traceId());
		assertThat(child.attributes()).containsEntry("cached", true)
			.containsEntry("ratio", 0.5)
			.containsEntry("tags", List.of("a", "b"));
		assertThat(child.statusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(child.statusMessage()).isEqualTo("boom");
		assertThat(child.endEpochNanos()).isGreaterThanOrEqualTo(child.startEpochNanos());
		assertThat(this.receiver.spanCount()).isEqualTo(2);
		assertThat(this.receiver.resourceSpans()).singleElement()
			.satisfies((resource) -> assertThat(resource.getScopeSpans(0).getSpansCount()).isEqualTo(2));
		assertThat(this.receiver.requests("/v1/traces")).singleElement()
			.satisfies((request) -> assertThat(request.status()).isEqualTo(200));
	}

	@Test
	void gzippedSpansArriveAsTheSameSpans() {
		OtlpHttpSpanExporter exporter = exporter((builder) -> builder.setCompression("gzip"));
		assertThat(export(exporter, parentAndChild()).isSuccess()).isTrue();
		assertThat(this.receiver.awaitSpans(2, Duration.ofSeconds(5))).extracting(ReceivedSpan::name)
			.containsExactly("TaskService.list", "GET /api/tasks");
		ReceivedRequest request = this.receiver.requests("/v1/traces").get(0);
		assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
		assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
	}

	@Test
	void theAuthorizationHeaderArrivesAndIsFoundWhateverTheCaseOfItsName() {
		OtlpHttpSpanExporter exporter = exporter((builder) -> builder.addHeader("Authorization", "Bearer x"));
		assertThat(export(exporter, parentAndChild()).isSuccess()).isTrue();
		ReceivedRequest request = this.receiver.requests("/v1/traces").get(0);
		assertThat(request.header("authorization")).isEqualTo("Bearer x");
		assertThat(request.header("AUTHORIZATION")).isEqualTo("Bearer x");
		assertThat(request.headers()).containsEntry("Authorization", List.of("Bearer x"));
		assertThat(request.header("X-Missing")).isNull();
	}

	@Test
	void metricsOfTheSdkExporterArriveByName() {
		InMemoryMetricReader reader = InMemoryMetricReader.create();
		try (SdkMeterProvider provider = SdkMeterProvider.builder()
			.setResource(RESOURCE)
			.registerMetricReader(reader)
			.build();
				OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder()
					.setEndpoint(this.receiver.endpoint() + "/v1/metrics")
					.setCompression("gzip")
					.build()) {
			provider.get("receiver-tests-scope").counterBuilder("jobs.done").build().add(3);
			CompletableResultCode result = exporter.export(reader.collectAllMetrics()).join(5, TimeUnit.SECONDS);
			assertThat(result.isSuccess()).isTrue();
		}
		assertThat(this.receiver.metricNames()).containsExactly("jobs.done");
		assertThat(this.receiver.metrics()).singleElement()
			.satisfies((metric) -> assertThat(metric.getSum().getDataPoints(0).getAsInt()).isEqualTo(3));
		assertThat(this.receiver.resourceMetrics()).singleElement()
			.satisfies((resource) -> assertThat(resource.getResource().getAttributesList()).anySatisfy(
					(attribute) -> assertThat(attribute.getValue().getStringValue()).isEqualTo("receiver-tests")));
		assertThat(this.receiver.spanCount()).isZero();
	}

	@Test
	void logRecordsOfTheSdkExporterArrive() {
		InMemoryLogRecordExporter memory = InMemoryLogRecordExporter.create();
		try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
			.setResource(RESOURCE)
			.addLogRecordProcessor(SimpleLogRecordProcessor.create(memory))
			.build();
				OtlpHttpLogRecordExporter exporter = OtlpHttpLogRecordExporter.builder()
					.setEndpoint(this.receiver.endpoint() + "/v1/logs")
					.build()) {
			provider.get("receiver-tests-scope")
				.logRecordBuilder()
				.setSeverity(Severity.WARN)
				.setBody("disk full")
				.emit();
			CompletableResultCode result = exporter.export(memory.getFinishedLogRecordItems())
				.join(5, TimeUnit.SECONDS);
			assertThat(result.isSuccess()).isTrue();
		}
		assertThat(this.receiver.logs()).singleElement().satisfies((log) -> {
			assertThat(log.getBody().getStringValue()).isEqualTo("disk full");
			assertThat(log.getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_WARN);
		});
		assertThat(this.receiver.resourceLogs()).hasSize(1);
	}

	@Test
	void aSlowReceiverWithinTheExporterTimeoutStillAccepts() {
		this.receiver.slow(Duration.ofMillis(100));
		long start = System.nanoTime();
		CompletableResultCode result = export(exporter((builder) -> builder.setTimeout(Duration.ofSeconds(5))),
				parentAndChild());
		assertThat(result.isSuccess()).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
		assertThat(this.receiver.spanCount()).isEqualTo(2);
	}

	@Test
	void aSlowReceiverBeyondTheExporterTimeoutFailsTheExportButReceivesTheSpansLater() {
		this.receiver.slow(Duration.ofSeconds(1));
		long start = System.nanoTime();
		CompletableResultCode result = export(exporter((builder) -> builder.setTimeout(SHORT_TIMEOUT)),
				parentAndChild());
		assertThat(result.isSuccess()).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		assertThat(this.receiver.spanCount()).isZero();
		// as with a real slow collector, the data is accepted once the answer is due
		assertThat(this.receiver.awaitSpans(2, Duration.ofSeconds(5))).hasSize(2);
	}

	@Test
	void aBlackHoleHoldsTheRequestSoTheExportTimesOutAndNothingIsReceived() {
		this.receiver.blackHole();
		long start = System.nanoTime();
		CompletableResultCode result = export(exporter((builder) -> builder.setTimeout(SHORT_TIMEOUT)),
				parentAndChild());
		assertThat(result.isSuccess()).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(this.receiver.requests("/v1/traces")).singleElement().satisfies((request) -> {
			assertThat(request.status()).isZero();
			assertThat(request.bodySize()).isPositive();
			assertThat(request).hasToString("POST /v1/traces -> no answer");
		});
		assertThat(this.receiver.spans()).isEmpty();
		assertThat(this.receiver.spanCount()).isZero();
		assertThat(this.receiver.rejectedRequestCount()).isZero();
	}

	@Test
	void heldRequestsDoNotDelayHealthyOnesAfterASwitch() {
		this.receiver.slow(Duration.ofSeconds(30));
		OtlpHttpSpanExporter patient = exporter((builder) -> builder.setTimeout(Duration.ofSeconds(30)));
		for (int i = 0; i < 4; i++) {
			patient.export(parentAndChild());
		}
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.receiver.requests("/v1/traces")).hasSize(4));
		this.receiver.healthy();
		long start = System.nanoTime();
		assertThat(export(exporter(UnaryOperator.identity()), parentAndChild()).isSuccess()).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(this.receiver.spanCount()).isEqualTo(2);
	}

	@Test
	void leavingTheBlackHoleDropsTheHeldRequestsAndAcceptsNewOnes() {
		this.receiver.blackHole();
		OtlpHttpSpanExporter patient = exporter((builder) -> builder.setTimeout(Duration.ofSeconds(30)));
		// a new exporter sends on a new connection, which OkHttp does not silently retry
		CompletableResultCode held = patient.export(parentAndChild());
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.receiver.requests("/v1/traces")).hasSize(1));
		this.receiver.healthy();
		assertThat(held.join(5, TimeUnit.SECONDS).isDone()).isTrue();
		assertThat(held.isSuccess()).isFalse();
		assertThat(this.receiver.spanCount()).isZero();
		assertThat(export(exporter(UnaryOperator.identity()), parentAndChild()).isSuccess()).isTrue();
		assertThat(this.receiver.spanCount()).isEqualTo(2);
		assertThat(this.receiver.requests("/v1/traces")).extracting(ReceivedRequest::status).containsExactly(0, 200);
	}

	@Test
	void aFailingReceiverAnswersItsStatusReceivesNothingAndCountsTheRejection() {
		this.receiver.failing(503);
		CompletableResultCode result = export(exporter(UnaryOperator.identity()), parentAndChild());
		assertThat(result.isSuccess()).isFalse();
		assertThat(this.receiver.requests("/v1/traces")).singleElement()
			.satisfies((request) -> assertThat(request.status()).isEqualTo(503));
		assertThat(this.receiver.spans()).isEmpty();
		assertThat(this.receiver.spanCount()).isZero();
		assertThat(this.receiver.rejectedRequestCount()).isEqualTo(1);
		this.receiver.healthy();
		assertThat(export(exporter(UnaryOperator.identity()), parentAndChild()).isSuccess()).isTrue();
		assertThat(this.receiver.spanCount()).isEqualTo(2);
	}

	@Test
	void failingAcceptsOnlyErrorStatuses() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> this.receiver.failing(200))
			.withMessage("Expected an error status (400-599) but got 200");
	}

	@Test
	void closeReturnsPromptlyWhileABlackHoledRequestIsPending() {
		this.receiver.blackHole();
		OtlpHttpSpanExporter patient = exporter((builder) -> builder.setTimeout(Duration.ofSeconds(30)));
		CompletableResultCode held = patient.export(parentAndChild());
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.receiver.requests("/v1/traces")).hasSize(1));
		long start = System.nanoTime();
		this.receiver.close();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(held.join(5, TimeUnit.SECONDS).isDone()).isTrue();
		assertThat(held.isSuccess()).isFalse();
	}

	@Test
	void anUnusedEndpointRefusesTheExport() {
		OtlpHttpSpanExporter exporter = track(OtlpHttpSpanExporter.builder()
			.setEndpoint(OtlpReceiver.unusedEndpoint() + "/v1/traces")
			.setTimeout(Duration.ofSeconds(5))
			.setRetryPolicy(null)
			.build());
		long start = System.nanoTime();
		assertThat(export(exporter, parentAndChild()).isSuccess()).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(OtlpReceiver.unusedEndpoint()).matches("http://127\\.0\\.0\\.1:\\d+");
	}

	@Test
	void requestsThatAreNotOtlpProtobufAreAnsweredWithAnErrorAndRecorded() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		String base = this.receiver.endpoint();
		byte[] notProtobuf = "not protobuf".getBytes();
		List<Integer> statuses = List
			.of(send(client, HttpRequest.newBuilder(URI.create(base + "/v1/traces")).GET()),
					send(client, post(base + "/v1/profiles", "application/x-protobuf", new byte[0])),
					send(client, post(base + "/v1/traces", "application/json", "{}".getBytes())),
					send(client, post(base + "/v1/traces", "application/x-protobuf", notProtobuf)),
					send(client,
							post(base + "/v1/traces", "application/x-protobuf", notProtobuf).header("Content-Encoding",
									"gzip")),
					send(client,
							post(base + "/v1/traces", "application/x-protobuf", notProtobuf).header("Content-Encoding",
									"br")),
					send(client, post(base + "/v1/traces", "application/x-protobuf", new byte[0])));
		assertThat(statuses).containsExactly(405, 404, 415, 400, 400, 415, 200);
		assertThat(this.receiver.requests()).extracting(ReceivedRequest::status)
			.containsExactly(405, 404, 415, 400, 400, 415, 200);
		assertThat(this.receiver.rejectedRequestCount()).isEqualTo(6);
		assertThat(this.receiver.spanCount()).isZero();
	}

	@Test
	void clearForgetsWhatWasReceived() {
		assertThat(export(exporter(UnaryOperator.identity()), parentAndChild()).isSuccess()).isTrue();
		this.receiver.failing(500);
		export(exporter(UnaryOperator.identity()), parentAndChild());
		this.receiver.clear();
		assertThat(this.receiver.spans()).isEmpty();
		assertThat(this.receiver.resourceSpans()).isEmpty();
		assertThat(this.receiver.requests()).isEmpty();
		assertThat(this.receiver.spanCount()).isZero();
		assertThat(this.receiver.rejectedRequestCount()).isZero();
	}

	@Test
	void awaitSpansSaysWhenNoTraceRequestArrivedAtAll() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.receiver.awaitSpans(1, Duration.ofMillis(50)))
			.withMessage(
					"Expecting at least 1 spans at %1$s within 50 ms, but 0 arrived: []\n" + "Requests received: []\n"
							+ "Likely mistake: no trace request arrived. Is the exporter's endpoint %1$s/v1/traces "
							+ "(Boot: management.opentelemetry.tracing.export.otlp.endpoint)? In a @SpringBootTest, is "
							+ "export on (@AutoConfigureTracing)? Is the span sampled "
							+ "(management.tracing.sampling.probability)?",
					this.receiver.endpoint());
	}

	@Test
	void awaitSpansSaysWhichRequestsWereNotAccepted() {
		assertThat(export(exporter(UnaryOperator.identity()), parentAndChild()).isSuccess()).isTrue();
		this.receiver.failing(503);
		export(exporter(UnaryOperator.identity()), parentAndChild());
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.receiver.awaitSpans(4, Duration.ofMillis(50)))
			.withMessage(
					"Expecting at least 4 spans at %s within 50 ms, but 2 arrived: [TaskService.list, GET /api/tasks]\n"
							+ "Requests received: [POST /v1/traces -> 200, POST /v1/traces -> 503]\n"
							+ "Likely mistake: 1 of 2 trace requests were not accepted (a fault mode, or a malformed request).",
					this.receiver.endpoint());
	}

	@Test
	void awaitSpansSaysWhenAcceptedRequestsHadTooFewSpans() {
		assertThat(export(exporter(UnaryOperator.identity()), parentAndChild()).isSuccess()).isTrue();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.receiver.awaitSpans(3, Duration.ofMillis(50)))
			.withMessageEndingWith("Likely mistake: the other spans were not exported yet (a batch span processor "
					+ "exports every schedule delay: Boot's management.opentelemetry.tracing.export.schedule-delay, "
					+ "5s by default) or not sampled.");
	}

	/**
	 * An exporter to the receiver that does not retry, so each export is one request. Its
	 * timeout is generous: the first export of a test JVM on a busy machine can take
	 * seconds.
	 */
	private OtlpHttpSpanExporter exporter(UnaryOperator<OtlpHttpSpanExporterBuilder> customizer) {
		OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
			.setEndpoint(this.receiver.endpoint() + "/v1/traces")
			.setTimeout(Duration.ofSeconds(10))
			.setRetryPolicy(null);
		return track(customizer.apply(builder).build());
	}

	private OtlpHttpSpanExporter track(OtlpHttpSpanExporter exporter) {
		this.exporters.add(exporter);
		return exporter;
	}

	private static CompletableResultCode export(OtlpHttpSpanExporter exporter, List<SpanData> spans) {
		return exporter.export(spans).join(10, TimeUnit.SECONDS);
	}

	/**
	 * A server span {@code GET /api/tasks} and its child {@code TaskService.list}, as the
	 * SDK finished them (child first).
	 */
	private static List<SpanData> parentAndChild() {
		InMemorySpanExporter memory = InMemorySpanExporter.create();
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.setResource(RESOURCE)
			.addSpanProcessor(SimpleSpanProcessor.create(memory))
			.build()) {
			Tracer tracer = provider.get("receiver-tests-scope");
			Span parent = tracer.spanBuilder("GET /api/tasks")
				.setSpanKind(SpanKind.SERVER)
				.setAttribute("http.request.method", "GET")
				.setAttribute("http.response.status_code", 200L)
				.startSpan();
			try (Scope scope = parent.makeCurrent()) {
				Span child = tracer.spanBuilder("TaskService.list")
					.setAttribute("cached", true)
					.setAttribute("ratio", 0.5)
					.setAttribute(AttributeKey.stringArrayKey("tags"), List.of("a", "b"))
					.startSpan();
				child.setStatus(StatusCode.ERROR, "boom");
				child.end();
			}
			parent.end();
			return memory.getFinishedSpanItems();
		}
	}

	private static HttpRequest.Builder post(String url, String contentType, byte[] body) {
		return HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", contentType)
			.POST(BodyPublishers.ofByteArray(body));
	}

	private static int send(HttpClient client, HttpRequest.Builder request) throws Exception {
		return client.send(request.timeout(Duration.ofSeconds(5)).build(), BodyHandlers.discarding()).statusCode();
	}

}
