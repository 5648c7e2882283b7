package dev.observability.starter.jdbc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.observability.starter.core.CachingMeterObservationHandler;
import dev.observability.starter.core.ObservabilityAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Statement meters on the Observation path (no tracer here), recorded by the core's
 * {@link CachingMeterObservationHandler} as wired by Boot's own observation and metrics
 * auto-configuration.
 */
class JdbcStatementMetersTests {

	private static final String DURATION = JdbcObservationDocumentation.STATEMENT.getName();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, ObservabilityAutoConfiguration.class,
				DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				JdbcObservabilityAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:meters");

	@Test
	void handlesStatementsInsteadOfBootsMeterHandler() {
		StoppedContexts stopped = new StoppedContexts();
		this.runner.withBean(StoppedContexts.class, () -> stopped).run((context) -> {
			context.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class);
			assertThat(context).hasSingleBean(CachingMeterObservationHandler.class);
			assertThat(stopped.contexts).singleElement()
				.satisfies((jdbc) -> assertThat((Object) jdbc.get(Timer.Sample.class)).isNull());
		});
	}

	@Test
	void recordsEachStatementOnceWithExactlyTheDocumentedTags() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			for (int i = 0; i < 3; i++) {
				jdbc.queryForObject("SELECT 1", Integer.class);
			}
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			Timer timer = meters.get(DURATION).tag("db.operation.name", "SELECT").timer();
			assertThat(timer.count()).isEqualTo(3);
			assertThat(timer.getId().getTags()).containsExactlyInAnyOrder(Tag.of("db.system.name", "h2"),
					Tag.of("db.namespace", "METERS"), Tag.of("db.operation.name", "SELECT"),
					Tag.of("db.collection.name", "none"), Tag.of("error.type", "none"));
			assertThat(meters.find(DURATION + ".active").longTaskTimer()).isNull();
		});
	}

	@Test
	void failedStatementIsTaggedWithItsErrorType() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> jdbc.queryForList("SELECT * FROM missing_table"));
			Timer timer = context.getBean(MeterRegistry.class).get(DURATION).tag("error.type", "other").timer();
			assertThat(timer.count()).isEqualTo(1);
			assertThat(timer.getId().getTag("error")).isNull();
		});
	}

	@Test
	void recordsTheLongTaskTimerOnlyWhenItIsEnabled() {
		this.runner.withPropertyValues("observability.jdbc.long-task-timer=true").run((context) -> {
			context.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get(DURATION).timer().count()).isEqualTo(1);
			assertThat(meters.get(DURATION + ".active").longTaskTimer().activeTasks()).isZero();
		});
	}

	@Test
	void recreatesMetersRemovedFromTheRegistry() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			jdbc.queryForObject("SELECT 1", Integer.class);
			meters.clear();
			jdbc.queryForObject("SELECT 1", Integer.class);
			assertThat(meters.get(DURATION).timer().count()).isEqualTo(1);
		});
	}

	@Test
	void otherObservationsStayWithBootsMeterHandler() {
		this.runner.run((context) -> {
			Observation.createNotStarted("test.other", context.getBean(ObservationRegistry.class)).observe(() -> {
			});
			Timer other = context.getBean(MeterRegistry.class).get("test.other").timer();
			assertThat(other.count()).isEqualTo(1);
			assertThat(other.getId().getTag("error")).isEqualTo("none");
		});
	}

	/**
	 * Collects the statement contexts when they stop, after the meter handlers started.
	 */
	static final class StoppedContexts implements ObservationHandler<JdbcContext> {

		private final List<JdbcContext> contexts = new CopyOnWriteArrayList<>();

		@Override
		public void onStop(JdbcContext context) {
			this.contexts.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof JdbcContext;
		}

	}

}
