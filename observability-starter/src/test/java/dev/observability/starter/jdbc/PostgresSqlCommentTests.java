package dev.observability.starter.jdbc;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.StatementCallback;

import dev.observability.starter.core.CapturedSpansConfiguration;
import dev.observability.starter.core.CapturedSpansConfiguration.CapturedSpans;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code observability.jdbc.sql-comment} against a real PostgreSQL server: the server
 * sees the W3C trace context of the span that ran the statement (its own
 * {@code pg_stat_activity} shows it), while the starter analyses and reports the
 * application's text, so that neither spans nor the analysis cache see one text per
 * trace.
 */
class PostgresSqlCommentTests {

	private static final String OWN_QUERY = "SELECT query FROM pg_stat_activity WHERE pid = pg_backend_pid()";

	private static final AttributeKey<String> QUERY_TEXT = AttributeKey.stringKey("db.query.text");

	@Test
	void preparedAndPlainStatementsReachTheServerWithTheTraceContext() {
		run(true, (app) -> {
			List<String> seen = new ArrayList<>();
			List<SpanContext> parents = new ArrayList<>();
			app.inSpan(() -> {
				parents.add(Span.current().getSpanContext());
				seen.add(app.jdbc.queryForObject(OWN_QUERY, String.class));
				seen.add(app.jdbc.execute((StatementCallback<String>) (statement) -> {
					try (ResultSet rows = statement.executeQuery(OWN_QUERY)) {
						return rows.next() ? rows.getString(1) : null;
					}
				}));
			});
			SpanContext parent = parents.get(0);
			String comment = " /*traceparent='00-" + parent.getTraceId() + "-" + parent.getSpanId() + "-"
					+ parent.getTraceFlags().asHex() + "'*/";
			assertThat(seen).containsExactly(OWN_QUERY + comment, OWN_QUERY + comment);
			assertThat(app.statementSpans()).extracting((span) -> span.getAttributes().get(QUERY_TEXT))
				.containsOnly(OWN_QUERY);
		});
	}

	@Test
	void analysisCacheHoldsOneTextWhateverTheTrace() {
		run(true, (app) -> {
			app.inSpan(() -> app.jdbc.queryForObject(OWN_QUERY, String.class));
			long weightAfterOne = app.analyzer.cachedWeight();
			for (int i = 0; i < 20; i++) {
				app.inSpan(() -> app.jdbc.queryForObject(OWN_QUERY, String.class));
			}
			assertThat(app.analyzer.cachedWeight()).isEqualTo(weightAfterOne);
			assertThat(app.statementSpans()).hasSize(21)
				.extracting((span) -> span.getAttributes().get(QUERY_TEXT))
				.containsOnly(OWN_QUERY);
		});
	}

	@Test
	void withoutThePropertyOrASpanTheTextIsUnchanged() {
		run(false, (app) -> app
			.inSpan(() -> assertThat(app.jdbc.queryForObject(OWN_QUERY, String.class)).isEqualTo(OWN_QUERY)));
		run(true, (app) -> assertThat(app.jdbc.queryForObject(OWN_QUERY, String.class)).isEqualTo(OWN_QUERY));
	}

	private void run(boolean sqlComment, Consumer<App> test) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CommentApplication.class)
			.web(WebApplicationType.NONE)
			.run("--spring.datasource.url=" + EmbeddedPostgresHolder.jdbcUrl(),
					"--management.tracing.sampling.probability=1.0", "--spring.main.banner-mode=off",
					"--management.otlp.metrics.export.enabled=false", "--observability.pool.warm-up.enabled=false",
					"--observability.jdbc.sql-comment=" + sqlComment)) {
			App app = new App(context);
			app.spans.exporter().reset();
			test.accept(app);
		}
	}

	private static final class App {

		private final JdbcTemplate jdbc;

		private final ObservationRegistry observations;

		private final CapturedSpans spans;

		private final SqlAnalyzer analyzer;

		App(ConfigurableApplicationContext context) {
			this.jdbc = context.getBean(JdbcTemplate.class);
			this.observations = context.getBean(ObservationRegistry.class);
			this.spans = context.getBean(CapturedSpans.class);
			this.analyzer = context.getBean(SqlAnalyzer.class);
		}

		void inSpan(Runnable work) {
			Observation.createNotStarted("work", this.observations).observe(work);
		}

		List<SpanData> statementSpans() {
			return this.spans.exporter()
				.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getName().startsWith("SELECT"))
				.toList();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(CapturedSpansConfiguration.class)
	static class CommentApplication {

	}

}
