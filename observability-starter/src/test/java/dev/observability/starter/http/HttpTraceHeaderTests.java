package dev.observability.starter.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.observability.starter.testapp.CapturedSpans;
import dev.observability.starter.testapp.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The response header that tells a caller the trace of its request
 * ({@code observability.http.trace-header.*}), on a real Tomcat.
 */
class HttpTraceHeaderTests {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void isOffByDefault() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			HttpResponse<String> response = get(context, "/api/residences/1/tasks");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("traceparent")).isEmpty();
		}
	}

	@Test
	void traceparentCarriesTheW3cValueOfTheRequestsServerSpanAlsoOnAFailure() throws Exception {
		try (ConfigurableApplicationContext context = start("--observability.http.trace-header.enabled=true")) {
			for (String path : List.of("/api/residences/1/tasks", "/api/residences/1/failure")) {
				HttpResponse<String> response = get(context, path);
				SpanData server = serverSpan(context, path.endsWith("failure") ? "GET /api/residences/{id}/failure"
						: "GET /api/residences/{id}/tasks");
				assertThat(response.headers().firstValue("traceparent")).hasValue("00-" + server.getTraceId() + "-"
						+ server.getSpanId() + "-" + server.getSpanContext().getTraceFlags().asHex());
				assertThat(server.getSpanContext().getTraceFlags().isSampled()).isTrue();
			}
		}
	}

	@Test
	void anotherNameCarriesTheTraceIdAloneAndExcludedRequestsGetNone() throws Exception {
		try (ConfigurableApplicationContext context = start("--observability.http.trace-header.enabled=true",
				"--observability.http.trace-header.name=X-Trace-Id")) {
			HttpResponse<String> response = get(context, "/api/residences/1/tasks");
			SpanData server = serverSpan(context, "GET /api/residences/{id}/tasks");
			assertThat(response.headers().firstValue("X-Trace-Id")).hasValue(server.getTraceId());
			assertThat(response.headers().firstValue("traceparent")).isEmpty();
			HttpResponse<String> health = get(context, "/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.headers().firstValue("X-Trace-Id")).isEmpty();
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		String[] all = new String[args.length + 3];
		all[0] = "--server.port=0";
		all[1] = "--management.tracing.sampling.probability=1.0";
		all[2] = "--spring.main.banner-mode=off";
		System.arraycopy(args, 0, all, 3, args.length);
		return new SpringApplicationBuilder(TestApplication.class).run(all);
	}

	private HttpResponse<String> get(ConfigurableApplicationContext context, String path) throws Exception {
		String port = context.getEnvironment().getRequiredProperty("local.server.port");
		return this.client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static SpanData serverSpan(ConfigurableApplicationContext context, String name) {
		CapturedSpans spans = context.getBean(CapturedSpans.class);
		return await().atMost(Duration.ofSeconds(5))
			.until(() -> spans.finished()
				.stream()
				.filter((span) -> span.getKind() == SpanKind.SERVER && span.getName().equals(name))
				.reduce((first, second) -> second)
				.orElse(null), (span) -> span != null);
	}

}
