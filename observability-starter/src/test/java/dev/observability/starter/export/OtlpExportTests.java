package dev.observability.starter.export;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.micrometer.tracing.otel.bridge.CompositeSpanExporter;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * OTLP export happens exactly when a destination is configured: spans and metrics reach a
 * configured receiver, and an application without one makes no export attempt.
 */
@ExtendWith(OutputCaptureExtension.class)
class OtlpExportTests {

	private final List<String> receivedPaths = new CopyOnWriteArrayList<>();

	private final List<byte[]> traceRequests = new CopyOnWriteArrayList<>();

	private HttpServer receiver;

	@BeforeEach
	void startReceiver() throws IOException {
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.createContext("/", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String path = exchange.getRequestURI().getPath();
			if (path.equals("/v1/traces")) {
				this.traceRequests.add(body);
			}
			this.receivedPaths.add(path);
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.receiver.start();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.stop(0);
	}

	@Test
	void withoutADestinationNothingIsExportedOrPushed(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(context.getBeansOfType(SpanExporter.class)).isEmpty();
			assertThat(context.getBeansOfType(OtlpMeterRegistry.class)).isEmpty();
			observeOneOperation(context);
		}
		assertThat(this.receivedPaths).isEmpty();
		assertThat(output).doesNotContain("Failed to publish").doesNotContain("Failed to export");
	}

	@Test
	void spansAndMetricsGoToAConfiguredReceiver() {
		String base = "http://127.0.0.1:" + this.receiver.getAddress().getPort();
		try (ConfigurableApplicationContext context = start(
				"--management.opentelemetry.tracing.export.otlp.endpoint=" + base + "/v1/traces",
				"--management.otlp.metrics.export.url=" + base + "/v1/metrics")) {
			observeOneOperation(context);
		}
		// closing the context flushes the batch span processor and the meter registry
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.receivedPaths).contains("/v1/traces", "/v1/metrics"));
	}

	@Test
	void spansReachTheReceiverOnceEachInBatchesOfBootsConfiguredSize() {
		String base = "http://127.0.0.1:" + this.receiver.getAddress().getPort();
		List<String> names = List.of("export.one", "export.two", "export.three", "export.four", "export.five");
		try (ConfigurableApplicationContext context = start(
				"--management.opentelemetry.tracing.export.otlp.endpoint=" + base + "/v1/traces",
				"--management.opentelemetry.tracing.export.max-batch-size=2",
				"--management.opentelemetry.tracing.export.schedule-delay=10m")) {
			assertThat(context.getBean(BatchSpanProcessor.class).getSpanExporter())
				.isNotInstanceOf(CompositeSpanExporter.class);
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			names.forEach((name) -> Observation.createNotStarted(name, registry).observe(() -> {
			}));
		}
		// full batches go out as they fill up, the last one when the context closes
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.traceRequests).hasSize(3));
		assertThat(this.traceRequests).extracting(OtlpExportTests::spanNames)
			.extracting(List::size)
			.containsExactly(2, 2, 1);
		assertThat(this.traceRequests.stream().flatMap((request) -> spanNames(request).stream()))
			.containsExactlyInAnyOrderElementsOf(names);
	}

	@Test
	void theObservabilityEndpointSendsSpansAndMetricsEvenWhenSetAfterTheEnvironmentWasPrepared() {
		// as a test's @DynamicPropertySource does, once Boot has prepared the environment
		String base = "http://127.0.0.1:" + this.receiver.getAddress().getPort();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ExportApplication.class)
			.web(WebApplicationType.NONE)
			.initializers((initializing) -> initializing.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("dynamic", Map.of("observability.otlp.endpoint", base))))
			.run("--management.tracing.sampling.probability=1.0", "--spring.main.banner-mode=off")) {
			assertThat(context.getBeansOfType(OtlpMeterRegistry.class)).hasSize(1);
			observeOneOperation(context);
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.receivedPaths).contains("/v1/traces", "/v1/metrics"));
	}

	private ConfigurableApplicationContext start(String... args) {
		return new SpringApplicationBuilder(ExportApplication.class).web(WebApplicationType.NONE)
			.run(concat(args, "--management.tracing.sampling.probability=1.0", "--spring.main.banner-mode=off"));
	}

	private static void observeOneOperation(ConfigurableApplicationContext context) {
		ObservationRegistry registry = context.getBean(ObservationRegistry.class);
		Observation.createNotStarted("export.check", registry).observe(() -> {
		});
	}

	private static String[] concat(String[] first, String... second) {
		String[] all = new String[first.length + second.length];
		System.arraycopy(first, 0, all, 0, first.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

	/**
	 * Span names in an OTLP {@code ExportTraceServiceRequest}: resource spans (field 1),
	 * their scope spans (2), their spans (2), each span's name (5).
	 */
	private static List<String> spanNames(byte[] request) {
		return ProtobufFields.of(request, 1)
			.stream()
			.flatMap((resourceSpans) -> ProtobufFields.of(resourceSpans, 2).stream())
			.flatMap((scopeSpans) -> ProtobufFields.of(scopeSpans, 2).stream())
			.flatMap((span) -> ProtobufFields.of(span, 5).stream())
			.map((name) -> new String(name, StandardCharsets.UTF_8))
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ExportApplication {

	}

}
