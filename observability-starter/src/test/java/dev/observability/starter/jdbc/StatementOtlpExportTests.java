package dev.observability.starter.jdbc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a collector receives for SQL statements, decoded from the real OTLP protobuf
 * payload: CLIENT spans whose numeric attributes are integers, on both paths.
 */
class StatementOtlpExportTests {

	private final List<Span> received = new CopyOnWriteArrayList<>();

	private HttpServer receiver;

	@BeforeEach
	void startReceiver() throws IOException {
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.createContext("/v1/traces", (exchange) -> {
			ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody());
			request.getResourceSpansList()
				.forEach((resource) -> resource.getScopeSpansList()
					.forEach((scope) -> this.received.addAll(scope.getSpansList())));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.receiver.start();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.stop(0);
	}

	@ParameterizedTest(name = "lean path: {0}")
	@ValueSource(booleans = { true, false })
	void statementsAreExportedAsClientSpansWithIntegerAttributes(boolean leanPath) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ExportApplication.class)
			.web(WebApplicationType.NONE)
			.run("--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID(),
					"--management.tracing.sampling.probability=1.0", "--spring.main.banner-mode=off",
					"--management.otlp.metrics.export.enabled=false", "--observability.jdbc.lean-path=" + leanPath,
					"--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:"
							+ this.receiver.getAddress().getPort() + "/v1/traces")) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.execute("CREATE TABLE task (id INT PRIMARY KEY, title VARCHAR(100))");
			Observation.createNotStarted("exported", context.getBean(ObservationRegistry.class))
				.observe(() -> jdbc.batchUpdate("INSERT INTO task (id, title) VALUES (?, ?)",
						List.of(new Object[] { 1, "a" }, new Object[] { 2, "b" })));
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.received).extracting(Span::getName).contains("BATCH INSERT task"));
		Span batch = this.received.stream()
			.filter((span) -> span.getName().equals("BATCH INSERT task"))
			.findFirst()
			.orElseThrow();
		assertThat(batch.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
		assertThat(attribute(batch, "db.operation.batch.size")).hasValueSatisfying((value) -> {
			assertThat(value.getValueCase()).isEqualTo(AnyValue.ValueCase.INT_VALUE);
			assertThat(value.getIntValue()).isEqualTo(2);
		});
		assertThat(attribute(batch, "db.system.name")).map(AnyValue::getStringValue).contains("h2");
		Span parent = this.received.stream()
			.filter((span) -> span.getName().equals("exported"))
			.findFirst()
			.orElseThrow();
		assertThat(batch.getParentSpanId()).isEqualTo(parent.getSpanId());
	}

	private static Optional<AnyValue> attribute(Span span, String key) {
		return span.getAttributesList()
			.stream()
			.filter((attribute) -> attribute.getKey().equals(key))
			.map(KeyValue::getValue)
			.findFirst();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ExportApplication {

	}

}
