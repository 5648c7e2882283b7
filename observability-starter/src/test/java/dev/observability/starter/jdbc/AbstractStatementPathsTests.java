package dev.observability.starter.jdbc;

import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.observability.starter.core.CapturedSpansConfiguration;
import dev.observability.starter.core.CapturedSpansConfiguration.CapturedSpans;
import dev.observability.starter.core.ComparableTelemetry;
import dev.observability.starter.core.LeanPathDecision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One SQL scenario (queries, updates, a batch, literals, failures with secret values in
 * their messages) run on Boot's production wiring (Boot's tracing handlers and
 * OpenTelemetry SDK, MDC and baggage listeners, Prometheus registry) once on the lean
 * path and once on the Observation path: both must produce identical spans and meters,
 * CLIENT spans with typed attributes, and no literal, row value or database message
 * anywhere in a span (attributes, events, status) or a meter.
 */
abstract class AbstractStatementPathsTests {

	private static final String SECRET = "s3cr3t";

	/**
	 * JDBC URL of a database for one scenario run.
	 * @return the URL
	 */
	abstract String jdbcUrl();

	@Test
	void leanAndObservationPathsRecordIdenticalTelemetry() {
		Recorded lean = runScenario(true);
		Recorded observation = runScenario(false);
		assertThat(lean.path).isEqualTo(LeanPathDecision.Path.LEAN);
		assertThat(observation.path).isEqualTo(LeanPathDecision.Path.OBSERVATION);
		assertThat(lean.reported.isMatch()).isTrue();
		assertThat(lean.reported.getMessage()).startsWith("lean path");
		assertThat(observation.reported.isMatch()).isFalse();
		assertThat(observation.reported.getMessage()).startsWith("Observation path")
			.contains("observability.jdbc.lean-path is false");
		assertThat(lean.spans).hasSize(8);
		assertThat(lean.spans).isEqualTo(observation.spans);
		assertThat(lean.meters).isNotEmpty().isEqualTo(observation.meters);
	}

	@Test
	void statementsAreClientSpansWithTypedAttributes() {
		for (boolean leanPath : new boolean[] { true, false }) {
			Recorded recorded = runScenario(leanPath);
			assertThat(recorded.raw).filteredOn((span) -> !span.getName().equals("scenario"))
				.isNotEmpty()
				.allSatisfy((span) -> assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT));
			SpanData batch = recorded.raw.stream()
				.filter((span) -> span.getName().equals("BATCH INSERT task"))
				.findFirst()
				.orElseThrow();
			assertThat(batch.getAttributes().get(AttributeKey.longKey("db.operation.batch.size"))).isEqualTo(3L);
			assertThat(batch.getAttributes().get(AttributeKey.stringKey("db.operation.batch.size"))).isNull();
		}
	}

	@Test
	void noLiteralRowValueOrDatabaseMessageLeavesInAnySpanOrMeter() {
		for (boolean leanPath : new boolean[] { true, false }) {
			Recorded recorded = runScenario(leanPath);
			List<String> exported = new ArrayList<>(ComparableTelemetry.exportedTexts(recorded.raw));
			exported.addAll(recorded.meters.keySet());
			assertThat(exported).allSatisfy((value) -> assertThat(value.toLowerCase()).doesNotContain(SECRET, "4242"));
			List<SpanData> failed = recorded.raw.stream()
				.filter((span) -> span.getStatus().getStatusCode() == StatusCode.ERROR)
				.toList();
			assertThat(failed).hasSize(2).allSatisfy((span) -> {
				assertThat(span.getStatus().getDescription()).isEmpty();
				assertThat(span.getEvents()).singleElement().satisfies((event) -> {
					assertThat(event.getName()).isEqualTo("exception");
					assertThat(event.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey)
						.containsExactly("exception.type");
				});
			});
		}
	}

	@Test
	void exceptionMessagesAreRecordedOnlyWhenAllowed() {
		Recorded recorded = runScenario(true, "--observability.record-exception-messages=true");
		assertThat(recorded.raw).filteredOn((span) -> span.getStatus().getStatusCode() == StatusCode.ERROR)
			.isNotEmpty()
			.allSatisfy((span) -> assertThat(span.getStatus().getDescription()).isNotEmpty());
	}

	private Recorded runScenario(boolean leanPath, String... extraArgs) {
		List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + jdbcUrl(),
				"--management.tracing.sampling.probability=1.0", "--spring.main.banner-mode=off",
				"--management.otlp.metrics.export.enabled=false", "--observability.jdbc.lean-path=" + leanPath,
				"--spring.application.name=paths", "--spring.datasource.hikari.pool-name=paths"));
		args.addAll(List.of(extraArgs));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PathsApplication.class)
			.web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new))) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.execute("DROP TABLE IF EXISTS task");
			jdbc.execute("CREATE TABLE task (id INT PRIMARY KEY, title VARCHAR(100))");
			jdbc.update("INSERT INTO task (id, title) VALUES (4242, '" + SECRET + "-existing')");
			assertThat(context.getBeansOfType(PrometheusMeterRegistry.class)).hasSize(1);
			InMemorySpanExporter spans = context.getBean(CapturedSpans.class).exporter();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			spans.reset();
			meters.getMeters()
				.stream()
				.filter((meter) -> meter.getId().getName().startsWith(JdbcObservationDocumentation.STATEMENT.getName()))
				.toList()
				.forEach(meters::remove);
			Observation.createNotStarted("scenario", context.getBean(ObservationRegistry.class)).observe(() -> {
				jdbc.queryForList("SELECT id, title FROM task WHERE id = ?", 4242);
				jdbc.update("UPDATE task SET title = ? WHERE id = ?", SECRET + "-renamed", 4242);
				jdbc.batchUpdate("INSERT INTO task (id, title) VALUES (?, ?)",
						List.of(new Object[] { 1, "a" }, new Object[] { 2, "b" }, new Object[] { 3, "c" }));
				jdbc.execute((Statement statement) -> statement
					.executeQuery("SELECT id FROM task WHERE title = '" + SECRET + "-literal' AND id = 4242"));
				assertThatExceptionOfType(DataAccessException.class).isThrownBy(
						() -> jdbc.update("INSERT INTO task (id, title) VALUES (4242, '" + SECRET + "-duplicate')"));
				assertThatExceptionOfType(DataAccessException.class).isThrownBy(
						() -> jdbc.queryForList("SELECT nosuchcolumn FROM task WHERE title = '" + SECRET + "-bad'"));
				jdbc.queryForObject("SELECT count(*) FROM task", Integer.class);
			});
			LeanPathDecision.Path path = context.getBean(DataSourceObservationBeanPostProcessor.class).path();
			ConditionOutcome reported = ConditionEvaluationReport.get(context.getBeanFactory())
				.getConditionAndOutcomesBySource()
				.get(JdbcObservabilityAutoConfiguration.class.getName() + "#leanPath")
				.iterator()
				.next()
				.getOutcome();
			return new Recorded(path, reported, spans.getFinishedSpanItems(),
					ComparableTelemetry.meters(meters, JdbcObservationDocumentation.STATEMENT.getName()));
		}
	}

	/**
	 * What a scenario run recorded, and a comparable form of its spans.
	 */
	private static final class Recorded {

		private final LeanPathDecision.Path path;

		/** What the condition evaluation report says about the path. */
		private final ConditionOutcome reported;

		private final List<SpanData> raw;

		private final List<Map<String, Object>> spans;

		private final Map<String, Long> meters;

		Recorded(LeanPathDecision.Path path, ConditionOutcome reported, List<SpanData> raw, Map<String, Long> meters) {
			this.path = path;
			this.reported = reported;
			this.raw = List.copyOf(raw);
			this.meters = meters;
			this.spans = ComparableTelemetry.spans(raw);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(CapturedSpansConfiguration.class)
	static class PathsApplication {

	}

}
