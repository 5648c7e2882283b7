package dev.observability.starter.export;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What becomes of spans when the collector is healthy, slow, black-holed (reads requests
 * and never answers) or unreachable: requests never fail or wait on export, and the
 * starter's counts add up, checked against what the application ended and what the
 * collector received.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpanExportPipelineTests {

	private static final String TOKEN = "s3cr3t-token-value";

	private static final int REQUESTS = 150;

	private static final HttpClient http = HttpClient.newHttpClient();

	enum Collector {

		HEALTHY, SLOW, BLACK_HOLED, UNREACHABLE

	}

	@ParameterizedTest
	@EnumSource(Collector.class)
	void requestsNeverWaitOnExportAndEverySpanIsAccountedFor(Collector kind, CapturedOutput output) throws Exception {
		try (FaultyCollector collector = new FaultyCollector()) {
			String endpoint = switch (kind) {
				case HEALTHY -> collector.endpoint();
				case SLOW -> collector.slow(Duration.ofMillis(300)).endpoint();
				case BLACK_HOLED -> collector.blackHole().endpoint();
				case UNREACHABLE -> FaultyCollector.unusedEndpoint();
			};
			// a healthy collector must lose nothing: a queue that holds a whole run of
			// requests
			String queue = "--observability.otlp.spans.max-queue-size=" + ((kind == Collector.HEALTHY) ? 2048 : 64);
			try (ConfigurableApplicationContext context = start(endpoint, queue)) {
				long slowest = 0;
				for (int i = 0; i < REQUESTS; i++) {
					long start = System.nanoTime();
					assertThat(get(context, "/work")).isEqualTo(200);
					slowest = Math.max(slowest, System.nanoTime() - start);
				}
				// a request that waited on an export would take the export timeout (2 s)
				assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(1));
				SpanExportPipeline pipeline = context.getBean(SpanExportPipeline.class);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				EndedSpans ended = context.getBean(EndedSpans.class);
				await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
					assertThat(count(meters, "ended")).isEqualTo(ended.count());
					assertThat(count(meters, "exported") + count(meters, "failed") + count(meters, "dropped")
							+ meters.get("telemetry.spans.queued").gauge().value())
						.isEqualTo(count(meters, "ended"));
				});
				assertThat(ended.count()).isGreaterThanOrEqualTo(REQUESTS);
				assertThat(count(meters, "exported")).isEqualTo(collector.acceptedSpans());
				switch (kind) {
					case HEALTHY -> {
						await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.exported() == ended.count());
						assertThat(pipeline.lost()).isZero();
					}
					case SLOW -> assertThat(pipeline.exported()).isPositive();
					case BLACK_HOLED, UNREACHABLE -> {
						assertThat(pipeline.exported()).isZero();
						assertThat(pipeline.lost()).isPositive();
					}
				}
			}
		}
		assertThat(output).doesNotContain(TOKEN);
	}

	@Test
	void oneWarningNamesTheEndpointAndTheCountButNeverTheToken(CapturedOutput output) throws Exception {
		try (FaultyCollector collector = new FaultyCollector().blackHole();
				ConfigurableApplicationContext context = start(collector.endpoint())) {
			for (int i = 0; i < REQUESTS; i++) {
				get(context, "/work");
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut().contains("Lost "));
			for (int i = 0; i < REQUESTS; i++) {
				get(context, "/work");
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> context.getBean(SpanExportPipeline.class).failed() > 16);
			List<String> warnings = output.getOut()
				.lines()
				.filter((line) -> line.contains("span(s) exporting to"))
				.toList();
			assertThat(warnings).hasSize(1);
			assertThat(warnings.get(0)).contains("WARN")
				.containsPattern("Lost \\d+ span\\(s\\) exporting to " + collector.endpoint() + "/v1/traces")
				.contains("dropped because the export queue (capacity 64) was full");
		}
		assertThat(output).doesNotContain(TOKEN);
	}

	@Test
	void exportsCarryTheBearerTokenAndHeaders() throws Exception {
		try (FaultyCollector collector = new FaultyCollector();
				ConfigurableApplicationContext context = start(collector.endpoint(),
						"--observability.otlp.headers.X-Scope-OrgID=tenant-1")) {
			get(context, "/work");
			await().atMost(Duration.ofSeconds(10)).until(() -> !collector.traceRequestHeaders().isEmpty());
			assertThat(collector.traceRequestHeaders().get(0).getFirst("Authorization")).isEqualTo("Bearer " + TOKEN);
			assertThat(collector.traceRequestHeaders().get(0).getFirst("X-Scope-OrgID")).isEqualTo("tenant-1");
		}
	}

	@Test
	void healthShowsLossesAsDegradedOutsideTheProbes() throws Exception {
		try (FaultyCollector collector = new FaultyCollector().blackHole();
				ConfigurableApplicationContext context = start(collector.endpoint())) {
			for (int i = 0; i < REQUESTS; i++) {
				get(context, "/work");
			}
			await().atMost(Duration.ofSeconds(20))
				.until(() -> body(context, "/actuator/health/telemetry").contains("\"status\":\"DEGRADED\""));
			String telemetry = body(context, "/actuator/health/telemetry");
			assertThat(telemetry).contains("\"destination\":\"" + collector.endpoint() + "/v1/traces\"")
				.containsPattern("\"dropped\":[1-9]")
				.contains("\"lastDrop\"");
			assertThat(body(context, "/actuator/health/readiness")).contains("\"status\":\"UP\"");
			assertThat(body(context, "/actuator/health/liveness")).contains("\"status\":\"UP\"");
			assertThat(get(context, "/actuator/health")).isEqualTo(200);
		}
	}

	@Test
	void closingWithADeadCollectorIsBoundedAndCountsWhatWasNotFlushed(CapturedOutput output) throws Exception {
		try (FaultyCollector collector = new FaultyCollector().blackHole()) {
			ConfigurableApplicationContext context = start(collector.endpoint());
			for (int i = 0; i < 40; i++) {
				get(context, "/work");
			}
			SpanExportPipeline pipeline = context.getBean(SpanExportPipeline.class);
			long start = System.nanoTime();
			context.close();
			// unbounded, the flush would wait 2 s (the export timeout) per batch of 16
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
			assertThat(pipeline.exported()).isZero();
			assertThat(pipeline.failed() + pipeline.dropped()).isEqualTo(pipeline.ended());
			assertThat(output).containsPattern("Closed the application with [1-9]\\d* span\\(s\\) not exported to "
					+ collector.endpoint() + "/v1/traces");
		}
	}

	@Test
	void metricPushesAreTimedByOutcomeAndTheLastOneIsBoundedAtShutdown() throws Exception {
		try (FaultyCollector collector = new FaultyCollector()) {
			ConfigurableApplicationContext context = start(collector.endpoint(),
					"--management.otlp.metrics.export.step=500ms", "--observability.otlp.timeout=500ms");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> pushes(meters, "success") > 0);
			assertThat(collector.paths()).contains("/v1/metrics");
			collector.blackHole();
			await().atMost(Duration.ofSeconds(20)).until(() -> pushes(meters, "failure") > 0);
			assertThat(body(context, "/actuator/health/telemetry")).contains("\"failedPushes\":")
				.contains("\"lastError\":\"java.");
			long start = System.nanoTime();
			context.close();
			// the registry's last push would wait for the read timeout on top of the
			// spans' flush
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
		}
	}

	private static long pushes(MeterRegistry meters, String outcome) {
		return meters.get("telemetry.export.duration").tag("signal", "metrics").tag("outcome", outcome).timer().count();
	}

	private static double count(MeterRegistry meters, String outcome) {
		return meters.get("telemetry.spans." + outcome).functionCounter().count();
	}

	/**
	 * Start the application against {@code endpoint}; {@code more} adds or replaces
	 * settings ({@code --name=value}).
	 */
	private static ConfigurableApplicationContext start(String endpoint, String... more) {
		Map<String, String> settings = new LinkedHashMap<>();
		for (String setting : List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--management.tracing.sampling.probability=1.0", "--observability.otlp.endpoint=" + endpoint,
				"--observability.otlp.bearer-token=" + TOKEN, "--observability.otlp.timeout=2s",
				"--observability.otlp.shutdown-timeout=1s", "--observability.otlp.spans.max-queue-size=64",
				"--observability.otlp.spans.max-batch-size=16", "--observability.otlp.spans.schedule-delay=50ms",
				"--management.endpoints.web.exposure.include=health",
				"--management.endpoint.health.show-details=always",
				"--management.endpoint.health.probes.enabled=true")) {
			settings.put(setting.substring(0, setting.indexOf('=')), setting);
		}
		for (String setting : more) {
			settings.put(setting.substring(0, setting.indexOf('=')), setting);
		}
		return new SpringApplicationBuilder(PipelineApplication.class).web(WebApplicationType.SERVLET)
			.run(settings.values().toArray(String[]::new));
	}

	private static int get(ConfigurableApplicationContext context, String path) throws Exception {
		return send(context, path).statusCode();
	}

	private static String body(ConfigurableApplicationContext context, String path) throws Exception {
		return send(context, path).body();
	}

	private static HttpResponse<String> send(ConfigurableApplicationContext context, String path) throws Exception {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration(excludeName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
			"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
	@Import(WorkController.class)
	static class PipelineApplication {

		@Bean
		EndedSpans endedSpans() {
			return new EndedSpans();
		}

	}

	@RestController
	static class WorkController {

		@GetMapping("/work")
		String work() {
			return "done";
		}

	}

	/**
	 * Counts the sampled spans the application ended, independently of the starter.
	 */
	static class EndedSpans implements SpanProcessor {

		private final AtomicLong ended = new AtomicLong();

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
		}

		@Override
		public boolean isStartRequired() {
			return false;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			if (span.getSpanContext().isSampled()) {
				this.ended.incrementAndGet();
			}
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

		long count() {
			return this.ended.get();
		}

	}

}
