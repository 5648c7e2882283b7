package dev.observability.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a real port the server span may end after the client has its response, so
 * {@link Telemetry#traceOf(String)} has to wait for it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ObservabilityTest
class RealServerTests {

	@LocalServerPort
	private int port;

	@Autowired
	private Telemetry telemetry;

	@Test
	void traceOfWaitsForTheServerSpanOfARealRequest() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/residences/7/tasks"))
				.header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		Trace trace = this.telemetry.traceOf("GET /api/residences/{id}/tasks");
		assertThat(trace).hasTree("""
				GET /api/residences/{id}/tasks
				  TaskService.listForResidence
				    SELECT task
				""").queries().hasCount(1);
		assertThat(trace.root().getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
	}

}
