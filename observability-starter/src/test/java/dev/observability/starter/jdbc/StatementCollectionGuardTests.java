package dev.observability.starter.jdbc;

import java.util.Collection;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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

import dev.observability.starter.core.ObservabilityAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Table names come from the application's SQL, so schema-per-tenant or partitioned tables
 * could create unbounded series; the guard keeps {@code db.collection.name} within its
 * limit and counts what it folds into {@code _OTHER}.
 */
class StatementCollectionGuardTests {

	private static final String DURATION = JdbcObservationDocumentation.STATEMENT.getName();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, ObservabilityAutoConfiguration.class,
				DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				JdbcObservabilityAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:guard", "observability.jdbc.max-collection-names=50");

	@Test
	void tenThousandDistinctTablesStayWithinTheLimit() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			for (int i = 0; i < 10_000; i++) {
				String table = "tenant_" + i + ".orders";
				assertThatExceptionOfType(DataAccessException.class)
					.isThrownBy(() -> jdbc.queryForList("SELECT id FROM " + table));
			}
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			Collection<Timer> timers = meters.find(DURATION).timers();
			assertThat(timers).extracting((timer) -> timer.getId().getTag("db.collection.name"))
				.doesNotHaveDuplicates()
				.hasSize(51)
				.contains("tenant_0.orders", "tenant_49.orders", "_OTHER");
			assertThat(meters.get(DURATION).tag("db.collection.name", "_OTHER").timer().count()).isEqualTo(9_950);
			assertThat(meters.get("observability.cardinality.overflows")
				.tag("meter", DURATION)
				.tag("key", "db.collection.name")
				.counter()
				.count()).isEqualTo(9_950);
		});
	}

}
