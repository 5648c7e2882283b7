package dev.observability.starter.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.ObservabilityAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Statement observations against a real database, written once and run against each
 * database the starter supports.
 */
abstract class AbstractJdbcObservationTests {

	private static final String DURATION = JdbcObservationDocumentation.STATEMENT.getName();

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, MetricsAutoConfiguration.class,
				ObservabilityAutoConfiguration.class, JdbcObservabilityAutoConfiguration.class));

	private final TestTelemetry telemetry = new TestTelemetry();

	private final String dbSystemName;

	AbstractJdbcObservationTests(String dbSystemName) {
		this.dbSystemName = dbSystemName;
	}

	/**
	 * JDBC URL of a fresh or shared database for one test.
	 * @return the URL
	 */
	abstract String jdbcUrl();

	/**
	 * Statements with vendor-specific literal syntax, each containing the text
	 * {@code secret}.
	 * @return the statements
	 */
	abstract List<String> vendorLiteralStatements();

	/**
	 * The driver's own connection type, which an application may unwrap to.
	 * @return the type
	 */
	abstract Class<?> driverConnectionType();

	@Test
	void queryBecomesOneSpanAndOneTimerSample() {
		run((jdbc) -> {
			List<Map<String, Object>> rows = jdbc.queryForList("SELECT id, title FROM task WHERE id = ?", 1);
			assertThat(rows).hasSize(1);
			SpanData span = this.telemetry.onlySpan();
			assertThat(span.getName()).isEqualTo("SELECT task");
			assertThat(TestTelemetry.attributes(span)).containsEntry("db.system.name", this.dbSystemName)
				.containsEntry("db.operation.name", "SELECT")
				.containsEntry("db.collection.name", "task")
				.containsEntry("error.type", "none")
				.containsEntry("db.query.text", "SELECT id, title FROM task WHERE id = ?")
				.doesNotContainKey("db.operation.batch.size");
			String database = jdbc.execute((ConnectionCallback<String>) Connection::getCatalog);
			assertThat(TestTelemetry.attributes(span)).containsEntry("db.namespace", database)
				.containsEntry("db.client.connection.pool.name", "observed");
			Timer timer = this.telemetry.meters.get(DURATION).timer();
			assertThat(timer.getId().getTags()).containsExactlyInAnyOrder(Tag.of("db.system.name", this.dbSystemName),
					Tag.of("db.namespace", database), Tag.of("db.operation.name", "SELECT"),
					Tag.of("db.collection.name", "task"), Tag.of("error.type", "none"));
			assertThat(timer.count()).isEqualTo(1);
			assertThat(timer.takeSnapshot().histogramCounts())
				.extracting((bucket) -> Duration.ofNanos((long) bucket.bucket()))
				.containsExactly(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
						Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
						Duration.ofSeconds(5), Duration.ofSeconds(10));
		});
	}

	@Test
	void updateIsNamedAfterItsTable() {
		run((jdbc) -> {
			assertThat(jdbc.update("UPDATE task SET title = ? WHERE id = ?", "renamed", 1)).isEqualTo(1);
			SpanData span = this.telemetry.onlySpan();
			assertThat(span.getName()).isEqualTo("UPDATE task");
			assertThat(TestTelemetry.attributes(span)).containsEntry("db.operation.name", "UPDATE")
				.containsEntry("db.query.text", "UPDATE task SET title = ? WHERE id = ?");
			assertThat(this.telemetry.meters.get(DURATION).tag("db.operation.name", "UPDATE").timer().count())
				.isEqualTo(1);
		});
	}

	@Test
	void plainStatementIsObservedWithItsLiteralsReplaced() {
		run((jdbc) -> {
			jdbc.execute((Statement statement) -> statement.execute("DELETE FROM task WHERE id = 1"));
			SpanData span = this.telemetry.onlySpan();
			assertThat(span.getName()).isEqualTo("DELETE task");
			assertThat(TestTelemetry.attributes(span)).containsEntry("db.query.text", "DELETE FROM task WHERE id = ?");
			assertThat(this.telemetry.meters.get(DURATION).tag("db.operation.name", "DELETE").timer().count())
				.isEqualTo(1);
		});
	}

	@Test
	void batchIsOneSpanWithItsSize() {
		run((jdbc) -> {
			List<Object[]> rows = List.of(new Object[] { 10, "a" }, new Object[] { 11, "b" }, new Object[] { 12, "c" });
			jdbc.batchUpdate("INSERT INTO task (id, title) VALUES (?, ?)", rows);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM task", Integer.class)).isEqualTo(4);
			SpanData batch = this.telemetry.finishedSpans().get(0);
			assertThat(batch.getName()).isEqualTo("BATCH INSERT task");
			assertThat(TestTelemetry.attributes(batch)).containsEntry("db.operation.name", "BATCH INSERT")
				.containsEntry("db.collection.name", "task")
				.containsEntry("db.operation.batch.size", "3")
				.containsEntry("db.query.text", "INSERT INTO task (id, title) VALUES (?, ?)");
			assertThat(this.telemetry.meters.get(DURATION).tag("db.operation.name", "BATCH INSERT").timer().count())
				.isEqualTo(1);
		});
	}

	@Test
	void batchOfPlainStatementsIsOneSpanWithItsSize() {
		run((jdbc) -> jdbc.execute((Connection connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.addBatch("INSERT INTO task (id, title) VALUES (20, 'x')");
				statement.addBatch("UPDATE task SET title = 'y' WHERE id = 20");
				assertThat(statement.executeBatch()).containsExactly(1, 1);
			}
			SpanData batch = this.telemetry.onlySpan();
			assertThat(TestTelemetry.attributes(batch)).containsEntry("db.operation.batch.size", "2");
			assertThat(this.telemetry.meters.get(DURATION).timer().count()).isEqualTo(1);
			return null;
		}));
	}

	@Test
	void clearedOrEmptyBatchRecordsNothing() {
		run((jdbc) -> jdbc.execute((Connection connection) -> {
			try (PreparedStatement prepared = connection
				.prepareStatement("INSERT INTO task (id, title) VALUES (?, ?)")) {
				prepared.setInt(1, 30);
				prepared.setString(2, "never inserted");
				prepared.addBatch();
				prepared.clearBatch();
				assertThat(prepared.executeBatch()).isEmpty();
			}
			try (Statement statement = connection.createStatement()) {
				statement.addBatch("INSERT INTO task (id, title) VALUES (31, 'x')");
				statement.clearBatch();
				assertThat(statement.executeBatch()).isEmpty();
			}
			assertThat(this.telemetry.finishedSpans()).isEmpty();
			try (Statement statement = connection.createStatement();
					ResultSet count = statement.executeQuery("SELECT count(*) FROM task")) {
				assertThat(count.next()).isTrue();
				assertThat(count.getInt(1)).isEqualTo(1);
			}
			return null;
		}));
	}

	@Test
	void everyExecutionOfAPreparedStatementIsOneSpanAndBindingIsNot() {
		run((jdbc) -> jdbc.execute((Connection connection) -> {
			try (PreparedStatement prepared = connection.prepareStatement("SELECT title FROM task WHERE id = ?")) {
				for (int i = 0; i < 3; i++) {
					prepared.setInt(1, 1);
					try (ResultSet rows = prepared.executeQuery()) {
						assertThat(rows.next()).isTrue();
						assertThat(rows.getString(1)).isEqualTo("first");
					}
				}
			}
			assertThat(this.telemetry.finishedSpans()).hasSize(3)
				.allSatisfy((span) -> assertThat(span.getName()).isEqualTo("SELECT task"));
			return null;
		}));
	}

	@Test
	void statementsOfTheStatementsConnectionAreRecordedToo() {
		run((jdbc) -> jdbc.execute((Connection connection) -> {
			try (PreparedStatement prepared = connection.prepareStatement("SELECT title FROM task WHERE id = ?")) {
				try (Statement other = prepared.getConnection().createStatement()) {
					other.execute("UPDATE task SET title = 'second' WHERE id = 1");
				}
			}
			assertThat(this.telemetry.onlySpan().getName()).isEqualTo("UPDATE task");
			return null;
		}));
	}

	@Test
	void connectionUnwrapsToTheDriversType() {
		run((jdbc) -> jdbc.execute((Connection connection) -> {
			assertThat(connection.isWrapperFor(driverConnectionType())).isTrue();
			assertThat(connection.unwrap(driverConnectionType())).isInstanceOf(driverConnectionType());
			return null;
		}));
	}

	@Test
	void driversExceptionReachesTheCallerUnchanged() {
		run((jdbc) -> jdbc.execute((Connection connection) -> {
			try (Statement statement = connection.createStatement()) {
				assertThatExceptionOfType(SQLException.class)
					.isThrownBy(() -> statement.executeQuery("SELECT no_such_column FROM task"))
					.satisfies((ex) -> assertThat(ex.getClass().getName())
						.startsWith(driverConnectionType().getPackageName()));
			}
			SpanData span = this.telemetry.onlySpan();
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			return null;
		}));
	}

	@Test
	void inListsOfEverySizeReportOneText() {
		run((jdbc) -> {
			jdbc.queryForList("SELECT id FROM task WHERE id IN (?, ?)", 1, 2);
			jdbc.queryForList("SELECT id FROM task WHERE id IN (?, ?, ?, ?, ?)", 1, 2, 3, 4, 5);
			jdbc.queryForList("SELECT id FROM task WHERE id IN (7, 8, 9)");
			assertThat(this.telemetry.finishedSpans())
				.extracting((span) -> TestTelemetry.attributes(span).get("db.query.text"))
				.containsOnly("SELECT id FROM task WHERE id IN (?)");
		});
	}

	@Test
	void statementRunInsideAnObservationBecomesItsChild() {
		run((jdbc) -> {
			Observation.createNotStarted("test.parent", this.telemetry.observations)
				.observe(() -> jdbc.queryForList("SELECT title FROM task"));
			List<SpanData> spans = this.telemetry.finishedSpans();
			assertThat(TestTelemetry.names(spans)).containsExactly("SELECT task", "test.parent");
			assertThat(spans.get(0).getParentSpanId()).isEqualTo(spans.get(1).getSpanId());
			assertThat(spans.get(0).getTraceId()).isEqualTo(spans.get(1).getTraceId());
		});
	}

	@Test
	void noLiteralReachesAnySpanAttributeOrMeterTag() {
		run((jdbc) -> {
			List<String> statements = new ArrayList<>(List.of(
					"INSERT INTO task (id, title, due) VALUES (987654, 'secret-title', DATE '2031-12-24')",
					"SELECT title FROM task WHERE title = 'secret-title' AND id = 987654 AND due = DATE '2031-12-24'",
					"UPDATE task SET title = 'other secret' WHERE id = 987654",
					"SELECT id FROM task WHERE title IN ('secret-a', 'secret-b') OR id > 987654.25",
					"SELECT /* secret comment */ id FROM task -- secret line comment\n WHERE id = 987654"));
			statements.addAll(vendorLiteralStatements());
			for (String sql : statements) {
				jdbc.execute(sql);
			}
			List<SpanData> spans = this.telemetry.finishedSpans();
			assertThat(spans).hasSize(statements.size());
			List<String> values = new ArrayList<>();
			spans.forEach((span) -> {
				values.add(span.getName());
				values.addAll(TestTelemetry.attributes(span).values());
			});
			this.telemetry.meters.getMeters()
				.forEach((meter) -> meter.getId().getTags().forEach((tag) -> values.add(tag.getValue())));
			assertThat(values).isNotEmpty()
				.allSatisfy(
						(value) -> assertThat(value.toLowerCase()).doesNotContain("secret", "987654", "2031", "cafe"));
			assertThat(TestTelemetry.attributes(spans.get(0))).containsEntry("db.query.text",
					"INSERT INTO task (id, title, due) VALUES (?, ?, ?)");
		});
	}

	@Test
	void meterSeriesAreBoundedByOperationAndTable() {
		run((jdbc) -> {
			for (int i = 0; i < 300; i++) {
				jdbc.queryForList("SELECT id FROM task WHERE id = " + i + " AND title <> 'title-" + i + "'");
				jdbc.update("UPDATE task SET title = 'title-" + i + "' WHERE id = " + (i + 1000));
			}
			Collection<Timer> timers = this.telemetry.meters.find(DURATION).timers();
			assertThat(timers).hasSize(2);
			assertThat(timers)
				.extracting((timer) -> timer.getId().getTag("db.operation.name") + " "
						+ timer.getId().getTag("db.collection.name"))
				.containsExactlyInAnyOrder("SELECT task", "UPDATE task");
			assertThat(timers).allSatisfy((timer) -> assertThat(timer.count()).isEqualTo(300));
		});
	}

	@Test
	void uniqueViolationIsClassifiedAsConstraintViolation() {
		run((jdbc) -> {
			assertThatExceptionOfType(DuplicateKeyException.class)
				.isThrownBy(() -> jdbc.update("INSERT INTO task (id, title) VALUES (?, ?)", 1, "duplicate"));
			SpanData span = this.telemetry.onlySpan();
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(TestTelemetry.attributes(span)).containsEntry("error.type", "constraint_violation");
			Meter.Id id = this.telemetry.meters.get(DURATION).timer().getId();
			assertThat(id.getTag("error.type")).isEqualTo("constraint_violation");
		});
	}

	@Test
	void throwingUserConventionDoesNotBreakTheQuery() {
		JdbcObservationConvention broken = new DefaultJdbcObservationConvention() {

			@Override
			public KeyValues getLowCardinalityKeyValues(JdbcContext context) {
				throw new IllegalStateException("broken convention");
			}

		};
		runner().withBean(JdbcObservationConvention.class, () -> broken).run((context) -> {
			JdbcTemplate jdbc = prepare(context.getBean(JdbcTemplate.class));
			assertThat(jdbc.queryForObject("SELECT title FROM task WHERE id = ?", String.class, 1)).isEqualTo("first");
			assertThat(context.getBean(HookFailures.class).count(StatementRecorder.HOOK)).isPositive();
		});
	}

	@Test
	void throwingObservationHandlerOnStartDoesNotBreakTheQuery() {
		this.telemetry.observations.observationConfig().observationHandler(new ThrowingHandler(true));
		run((jdbc) -> assertThat(jdbc.queryForObject("SELECT title FROM task WHERE id = ?", String.class, 1))
			.isEqualTo("first"));
	}

	@Test
	void throwingObservationHandlerOnStopDoesNotBreakTheQuery() {
		this.telemetry.observations.observationConfig().observationHandler(new ThrowingHandler(false));
		run((jdbc) -> {
			assertThat(jdbc.queryForObject("SELECT title FROM task WHERE id = ?", String.class, 1)).isEqualTo("first");
			assertThat(this.telemetry.observations.getCurrentObservation()).isNull();
		});
	}

	/**
	 * Start a context on {@link #jdbcUrl()}, create table {@code task} with one row,
	 * forget the telemetry of that setup, then run the test.
	 * @param test the test
	 */
	private void run(Consumer<JdbcTemplate> test) {
		runner().run((context) -> test.accept(prepare(context.getBean(JdbcTemplate.class))));
	}

	private ApplicationContextRunner runner() {
		return this.runner
			.withPropertyValues("spring.datasource.url=" + jdbcUrl(), "spring.datasource.hikari.pool-name=observed")
			.withBean(ObservationRegistry.class, () -> this.telemetry.observations)
			.withBean(SimpleMeterRegistry.class, () -> this.telemetry.meters);
	}

	private JdbcTemplate prepare(JdbcTemplate jdbc) {
		jdbc.execute("DROP TABLE IF EXISTS task");
		jdbc.execute("CREATE TABLE task (id INT PRIMARY KEY, title VARCHAR(100), due DATE)");
		jdbc.update("INSERT INTO task (id, title) VALUES (1, 'first')");
		this.telemetry.spans.reset();
		this.telemetry.meters.clear();
		return jdbc;
	}

	/**
	 * Handler that fails either when an observation starts or when it stops.
	 */
	private static final class ThrowingHandler implements ObservationHandler<Observation.Context> {

		private final boolean onStart;

		ThrowingHandler(boolean onStart) {
			this.onStart = onStart;
		}

		@Override
		public void onStart(Observation.Context context) {
			if (this.onStart) {
				throw new IllegalStateException("broken handler on start");
			}
		}

		@Override
		public void onStop(Observation.Context context) {
			if (!this.onStart) {
				throw new IllegalStateException("broken handler on stop");
			}
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
