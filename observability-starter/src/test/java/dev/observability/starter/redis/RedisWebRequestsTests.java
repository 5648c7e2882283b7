package dev.observability.starter.redis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.observability.starter.core.CapturedSpansConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis commands issued while serving real HTTP requests: a blocking and a reactive GET
 * are children of the request's span, each request is one trace, and the Redis health
 * check of {@code /actuator/health} makes no trace at all.
 */
class RedisWebRequestsTests {

	private static ConfigurableApplicationContext context;

	private static HttpClient http;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(WebApplication.class).web(WebApplicationType.SERVLET)
			.run("--server.port=0", "--spring.data.redis.port=" + EmbeddedRedis.sharedPort(),
					"--spring.data.redis.host=127.0.0.1", "--management.tracing.sampling.probability=1.0",
					"--spring.main.banner-mode=off", "--management.otlp.metrics.export.enabled=false",
					"--management.endpoint.health.show-details=always", "--management.health.redis.enabled=true",
					"--spring.application.name=redis-web");
		http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@BeforeEach
	void reset() throws Exception {
		RedisTestApplication.spans(context).reset();
		get("/ids");
		// The server span ends after the response is sent: wait for it before starting
		// afresh.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> RedisTestApplication.spans(context).getFinishedSpanItems(),
					(finished) -> finished.stream().anyMatch((span) -> span.getKind() == SpanKind.SERVER));
		RedisTestApplication.spans(context).reset();
	}

	@Test
	void blockingAndReactiveCommandsOfARequestAreChildrenOfItsSpan() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(get("/ids")).isEqualTo("blocking=1,2;reactive=1,2");
		}
		List<SpanData> spans = await().atMost(Duration.ofSeconds(10))
			.until(() -> RedisTestApplication.spans(context).getFinishedSpanItems(),
					(finished) -> finished.stream().filter((span) -> span.getKind() == SpanKind.SERVER).count() == 3);
		Set<String> traces = spans.stream().map(SpanData::getTraceId).collect(Collectors.toSet());
		assertThat(traces).hasSize(3);
		for (String trace : traces) {
			List<SpanData> ofTrace = spans.stream().filter((span) -> span.getTraceId().equals(trace)).toList();
			SpanData server = ofTrace.stream()
				.filter((span) -> span.getKind() == SpanKind.SERVER)
				.findFirst()
				.orElseThrow();
			assertThat(server.getParentSpanContext().isValid()).isFalse();
			assertThat(ofTrace).filteredOn((span) -> span != server)
				.extracting(SpanData::getName)
				.containsExactly("GET", "GET");
			assertThat(ofTrace).filteredOn((span) -> span != server)
				.allSatisfy((span) -> assertThat(span.getParentSpanId()).isEqualTo(server.getSpanId()));
		}
	}

	@Test
	void theRedisHealthCheckMakesNoTrace() throws Exception {
		String health = get("/actuator/health");
		assertThat(health).containsPattern("\"redis\":\\{\"details\":\\{[^}]*},\"status\":\"UP\"");
		get("/ids");
		List<SpanData> spans = await().atMost(Duration.ofSeconds(10))
			.until(() -> RedisTestApplication.spans(context).getFinishedSpanItems(),
					(finished) -> finished.stream().anyMatch((span) -> span.getKind() == SpanKind.SERVER));
		assertThat(spans)
			.allSatisfy((span) -> assertThat(span.getAttributes().get(AttributeKey.stringKey("http.route")))
				.isNotEqualTo("/actuator/health"));
		assertThat(spans).extracting(SpanData::getName).doesNotContain("INFO", "PING");
		assertThat(spans.stream().map(SpanData::getTraceId).distinct()).hasSize(1);
	}

	private static String get(String path) throws Exception {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ CapturedSpansConfiguration.class, IdsController.class })
	static class WebApplication {

	}

	@RestController
	static class IdsController {

		private final StringRedisTemplate redis;

		private final ReactiveStringRedisTemplate reactive;

		IdsController(StringRedisTemplate redis, RedisConnectionFactory connectionFactory) {
			this.redis = redis;
			this.reactive = new ReactiveStringRedisTemplate((ReactiveRedisConnectionFactory) connectionFactory);
			redis.opsForValue().set("web:ids", "1,2");
		}

		@GetMapping("/ids")
		String ids() {
			String blocking = this.redis.opsForValue().get("web:ids");
			String reactive = this.reactive.opsForValue().get("web:ids").block(Duration.ofSeconds(5));
			return "blocking=" + blocking + ";reactive=" + reactive;
		}

	}

}
