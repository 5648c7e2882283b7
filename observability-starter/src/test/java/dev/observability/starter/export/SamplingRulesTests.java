package dev.observability.starter.export;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.observability.starter.core.SpanStartAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code observability.sampling.rules} decide by request path whether a new trace is
 * recorded, on top of Boot's probability, and a caller's decision carried in
 * {@code traceparent} is followed either way.
 */
class SamplingRulesTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final HttpClient http = HttpClient.newHttpClient();

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() {
		// Boot records 1 trace in 2; the rules record every report and no ping
		context = new SpringApplicationBuilder(SamplingApplication.class).web(WebApplicationType.SERVLET)
			.run("--server.port=0", "--spring.main.banner-mode=off", "--management.tracing.sampling.probability=0.5",
					"--observability.sampling.rules[0].path=/ping/**",
					"--observability.sampling.rules[0].probability=0",
					"--observability.sampling.rules[1].path=/reports/*",
					"--observability.sampling.rules[1].probability=1.0");
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@BeforeEach
	void reset() {
		spans().reset();
	}

	@Test
	void aMatchingRuleDecidesForNewTraces() throws Exception {
		for (int i = 0; i < 20; i++) {
			get("/reports/" + i, null);
			get("/ping/" + i, null);
		}
		get("/reports/last", null);
		// every report is recorded; by the time the last one has ended, so have the pings
		await().atMost(Duration.ofSeconds(10)).until(() -> named("GET /reports/{id}") == 21);
		assertThat(named("GET /ping/{id}")).isZero();
	}

	@Test
	void pathsNoRuleMatchesFollowBootsProbability() throws Exception {
		for (int i = 0; i < 40; i++) {
			get("/other", null);
		}
		get("/reports/last", null);
		// the report is sampled: every /other request sampled before it has ended by now
		await().atMost(Duration.ofSeconds(10))
			.until(() -> serverSpans().stream().anyMatch((span) -> span.getName().equals("GET /reports/{id}")));
		long others = serverSpans().stream().filter((span) -> span.getName().equals("GET /other")).count();
		assertThat(others).isBetween(5L, 35L);
	}

	@Test
	void aCallersSampledDecisionWinsOverARuleOfZero() throws Exception {
		get("/ping/1", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
		await().atMost(Duration.ofSeconds(10)).until(() -> serverSpans().size() == 1);
		assertThat(serverSpans().get(0).getTraceId()).isEqualTo(TRACE_ID);
	}

	@Test
	void aCallersUnsampledDecisionWinsOverARuleOfOne() throws Exception {
		get("/reports/1", "00-" + TRACE_ID + "-00f067aa0ba902b7-00");
		get("/reports/2", null);
		await().atMost(Duration.ofSeconds(10)).until(() -> serverSpans().size() == 1);
		assertThat(serverSpans().get(0).getTraceId()).isNotEqualTo(TRACE_ID);
	}

	@Test
	void theRulesWrapBootsSampler() {
		assertThat(context.getBean(Sampler.class)).isInstanceOf(PathRuleSampler.class)
			.asString()
			.contains("/ping/**=TraceIdRatioBased{0.000000}", "/reports/*=TraceIdRatioBased{1.000000}",
					"otherwise=ParentBased{root:TraceIdRatioBased{0.500000}");
	}

	@Test
	void withoutRulesNothingChanges() {
		try (ConfigurableApplicationContext plain = new SpringApplicationBuilder(SamplingApplication.class)
			.web(WebApplicationType.SERVLET)
			.run("--server.port=0", "--spring.main.banner-mode=off")) {
			assertThat(plain.getBean(Sampler.class)).isNotInstanceOf(PathRuleSampler.class);
			assertThat(plain.getBeansOfType(SpanStartAttributes.class)).isEmpty();
		}
	}

	private static InMemorySpanExporter spans() {
		return context.getBean(InMemorySpanExporter.class);
	}

	private static List<SpanData> serverSpans() {
		return spans().getFinishedSpanItems().stream().filter((span) -> span.getKind() == SpanKind.SERVER).toList();
	}

	/**
	 * Server spans of the given name: a span of an earlier test's last request may be
	 * exported after this test reset the capture.
	 */
	private static long named(String name) {
		return serverSpans().stream().filter((span) -> span.getName().equals(name)).count();
	}

	private static void get(String path, String traceparent) throws Exception {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10));
		if (traceparent != null) {
			request.header("traceparent", traceparent);
		}
		assertThat(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration(excludeName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
			"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
	@Import(SampledController.class)
	static class SamplingApplication {

		/**
		 * Captures what the application exports: an exporter bean is one of Boot's span
		 * exporters.
		 */
		@Bean
		InMemorySpanExporter capturedSpans() {
			return InMemorySpanExporter.create();
		}

	}

	@RestController
	static class SampledController {

		@GetMapping("/reports/{id}")
		String report() {
			return "report";
		}

		@GetMapping("/ping/{id}")
		String ping() {
			return "pong";
		}

		@GetMapping("/other")
		String other() {
			return "other";
		}

	}

}
