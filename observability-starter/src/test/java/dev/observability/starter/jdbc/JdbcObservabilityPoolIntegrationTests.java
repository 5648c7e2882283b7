package dev.observability.starter.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wrapping the DataSource keeps Boot's pool integrations working: the pool is still
 * reachable through {@code unwrap}, Hikari's meters are bound and the {@code db} health
 * indicator is up.
 */
class JdbcObservabilityPoolIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, DataSourcePoolMetricsAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, DataSourceHealthContributorAutoConfiguration.class,
				JdbcObservabilityAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:pool");

	@Test
	void poolIsReachableThroughUnwrap() {
		this.runner.run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
			assertThat(dataSource.unwrap(HikariDataSource.class)).isInstanceOf(HikariDataSource.class);
		});
	}

	@Test
	void poolKeepsItsTypeSoApplicationsCanInjectItAndItsStatementsAreStillObserved() {
		this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			assertThat(pool.getMaximumPoolSize()).isPositive();
			assertThat(new JdbcTemplate(pool).queryForObject("select 1", Integer.class)).isOne();
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.hasObservationWithNameEqualTo(JdbcObservationDocumentation.STATEMENT.getName());
		});
	}

	@Test
	void hikariMetersAreBound() {
		this.runner.run((context) -> {
			try (Connection connection = context.getBean(DataSource.class).getConnection()) {
				assertThat(connection.isValid(1)).isTrue();
			}
			assertThat(context.getBean(MeterRegistry.class).find("hikaricp.connections").gauge()).isNotNull();
		});
	}

	@Test
	void bootsConnectionGaugesReadThePool() {
		// Boot registers the gauges only when the pool answers at binding time, so the
		// pool must have started, as it has in an application that ran SQL at startup
		this.runner.withBean(ConnectionAtStartup.class).run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			try (Connection held = context.getBean(DataSource.class).getConnection()) {
				assertThat(held.isValid(1)).isTrue();
				assertThat(meters.get("jdbc.connections.active").gauge().value()).isEqualTo(1.0);
				assertThat(meters.get("jdbc.connections.idle").gauge().value()).isNotNaN();
			}
			assertThat(meters.get("jdbc.connections.active").gauge().value()).isZero();
		});
	}

	@Test
	void databaseHealthIsUp() {
		this.runner.run((context) -> {
			HealthIndicator db = context.getBean("dbHealthContributor", HealthIndicator.class);
			assertThat(db.health().getStatus()).isEqualTo(Status.UP);
		});
	}

	/**
	 * Opens one connection while the context starts, so that the pool exists before Boot
	 * binds its meters.
	 */
	static final class ConnectionAtStartup {

		ConnectionAtStartup(DataSource dataSource) throws SQLException {
			try (Connection connection = dataSource.getConnection()) {
				assertThat(connection.isValid(1)).isTrue();
			}
		}

	}

}
