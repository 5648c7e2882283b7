package dev.observability.starter.jdbc;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.ObservabilityAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * With Boot's own observation and metrics auto-configuration: statements run while the
 * context starts (SQL initialization scripts) are observed without creating beans in the
 * wrong order, and the scope of every statement is closed again.
 */
class JdbcObservabilityStartupTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, DataSourceAutoConfiguration.class,
				DataSourceInitializationAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				ObservabilityAutoConfiguration.class, JdbcObservabilityAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:startup", "spring.sql.init.mode=always",
				"spring.sql.init.schema-locations=classpath:jdbc/schema.sql");

	@Test
	void statementsOfInitializationScriptsAreObserved() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			String name = JdbcObservationDocumentation.STATEMENT.getName();
			assertThat(meters.get(name).tag("db.operation.name", "CREATE").timer().count()).isEqualTo(1);
			assertThat(meters.get(name).tag("db.operation.name", "INSERT").timer().count()).isEqualTo(1);
		});
	}

	@Test
	void statementsDisabledByAPredicateAreNotObservedAndFailuresStayQuiet() {
		ObservationPredicate noJdbc = (name, context) -> !(context instanceof JdbcContext);
		this.runner.withBean(ObservationPredicate.class, () -> noJdbc).run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> jdbc.queryForList("SELECT * FROM missing_table"));
			assertThat(context.getBean(HookFailures.class).count(StatementRecorder.HOOK)).isZero();
			assertThat(context.getBean(MeterRegistry.class)
				.find(JdbcObservationDocumentation.STATEMENT.getName())
				.tag("db.operation.name", "SELECT")
				.timers()).isEmpty();
		});
	}

	@Test
	void dataSourceDelegatingToAnotherDataSourceBeanObservesOnce() {
		this.runner.withUserConfiguration(DelegatingDataSources.class).run((context) -> {
			assertThat(
					context.getBean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM residence", Integer.class))
				.isEqualTo(1);
			assertThat(context.getBean(MeterRegistry.class)
				.get(JdbcObservationDocumentation.STATEMENT.getName())
				.tag("db.operation.name", "SELECT")
				.timer()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void statementRestoresTheCurrentObservation() {
		this.runner.run((context) -> {
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			Observation parent = Observation.start("test.parent", registry);
			try (Observation.Scope scope = parent.openScope()) {
				assertThat(jdbc.queryForObject("SELECT name FROM residence", String.class)).isEqualTo("Elm Street 13");
				assertThat(registry.getCurrentObservation()).isSameAs(parent);
			}
			finally {
				parent.stop();
			}
			assertThat(registry.getCurrentObservation()).isNull();
			assertThat(context.getBean(MeterRegistry.class)
				.get(JdbcObservationDocumentation.STATEMENT.getName())
				.tag("db.operation.name", "SELECT")
				.tag("db.collection.name", "residence")
				.timer()
				.count()).isEqualTo(1);
		});
	}

	/**
	 * A transaction-aware DataSource bean in front of another DataSource bean; both are
	 * wrapped.
	 */
	@Configuration(proxyBeanMethods = false)
	static class DelegatingDataSources {

		@Bean
		DataSource targetDataSource() {
			JdbcDataSource target = new JdbcDataSource();
			target.setURL("jdbc:h2:mem:delegating;DB_CLOSE_DELAY=-1");
			return target;
		}

		@Bean
		@Primary
		DataSource dataSource(DataSource targetDataSource) {
			return new TransactionAwareDataSourceProxy(targetDataSource);
		}

	}

}
