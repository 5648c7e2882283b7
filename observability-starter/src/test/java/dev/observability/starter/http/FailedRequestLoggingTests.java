package dev.observability.starter.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.observability.starter.testapp.CapturedSpans;
import dev.observability.starter.testapp.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ERROR line the servlet container writes about a request whose handling threw names
 * the request's trace, although the container writes it after the request's observation
 * ended.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailedRequestLoggingTests {

	@Test
	void theContainersErrorLineAboutAFailedRequestCarriesItsTraceId(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.run("--server.port=0", "--management.tracing.sampling.probability=1.0", "--spring.main.banner-mode=off")) {
			String port = context.getEnvironment().getRequiredProperty("local.server.port");
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/residences/1/failure"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(500);
			CapturedSpans spans = context.getBean(CapturedSpans.class);
			SpanData server = await().atMost(Duration.ofSeconds(5))
				.until(() -> spans.finished()
					.stream()
					.filter((span) -> span.getKind() == SpanKind.SERVER)
					.findFirst()
					.orElse(null), (span) -> span != null);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(output.getOut()
					.lines()
					.filter((line) -> line.contains("ERROR") && line.contains("Servlet.service()"))
					.toList()).singleElement().asString().contains(server.getTraceId()));
		}
	}

}
