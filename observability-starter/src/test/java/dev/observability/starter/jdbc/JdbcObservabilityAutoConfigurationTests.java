package dev.observability.starter.jdbc;

import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.Advised;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

import dev.observability.starter.core.OperationMeterSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JdbcObservabilityAutoConfiguration}.
 */
class JdbcObservabilityAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcObservabilityAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:autoconfig");

	@Test
	void wrapsTheDataSourceOnce() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SqlAnalyzer.class).hasSingleBean(JdbcObservabilityProperties.class);
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(TypePreservingDataSourceProxy.isProxy(dataSource)).isTrue();
			Object original = ((Advised) dataSource).getTargetSource().getTarget();
			assertThat(original).isInstanceOf(HikariDataSource.class).isNotInstanceOf(ObservedDataSource.class);
			assertThat(TypePreservingDataSourceProxy.isProxy(original)).isFalse();
		});
	}

	@Test
	void backsOffWhenJdbcIsSwitchedOff() {
		this.runner.withPropertyValues("observability.jdbc.enabled=false").run(this::assertBackedOff);
	}

	@Test
	void backsOffWhenObservabilityIsSwitchedOff() {
		this.runner.withPropertyValues("observability.enabled=false").run(this::assertBackedOff);
	}

	@Test
	void jdbcSwitchWinsOverTheGlobalSwitch() {
		this.runner.withPropertyValues("observability.enabled=false", "observability.jdbc.enabled=true")
			.run((context) -> assertThat(TypePreservingDataSourceProxy.isProxy(context.getBean(DataSource.class)))
				.isTrue());
	}

	@Test
	void backsOffWhenDataSourceClassIsMissing() {
		this.runner.withClassLoader(new FilteredClassLoader(DataSource.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SqlAnalyzer.class)
				.doesNotHaveBean(DataSourceObservationBeanPostProcessor.class));
	}

	@Test
	void declaresItsMeterSettingsWithoutTheLongTaskTimerByDefault() {
		this.runner.run((context) -> assertThat(context.getBean(OperationMeterSettings.class))
			.isEqualTo(new OperationMeterSettings(JdbcContext.class, false)));
	}

	@Test
	void backsOffFromTheAnalyzerWhenTheUserDefinesOne() {
		SqlAnalyzer custom = new SqlAnalyzer();
		this.runner.withBean(SqlAnalyzer.class, () -> custom)
			.run((context) -> assertThat(context.getBean(SqlAnalyzer.class)).isSameAs(custom));
	}

	@Test
	void bindsEveryProperty() {
		this.runner
			.withPropertyValues("observability.jdbc.analysis-cache-size=42MB",
					"observability.jdbc.max-query-text-length=4096", "observability.jdbc.histogram-buckets=2ms,20ms,2s")
			.run((context) -> {
				JdbcObservabilityProperties properties = context.getBean(JdbcObservabilityProperties.class);
				assertThat(properties.getAnalysisCacheSize()).isEqualTo(DataSize.ofMegabytes(42));
				assertThat(properties.getMaxQueryTextLength()).isEqualTo(4096);
				assertThat(properties.getHistogramBuckets()).containsExactly(Duration.ofMillis(2),
						Duration.ofMillis(20), Duration.ofSeconds(2));
			});
	}

	@Test
	void defaultsFollowOpenTelemetryAdvice() {
		this.runner.run((context) -> {
			JdbcObservabilityProperties properties = context.getBean(JdbcObservabilityProperties.class);
			assertThat(properties.getAnalysisCacheSize()).isEqualTo(DataSize.ofMegabytes(4));
			assertThat(properties.getMaxQueryTextLength()).isEqualTo(2048);
			assertThat(properties.getHistogramBuckets()).extracting(Duration::toMillis)
				.containsExactly(1L, 5L, 10L, 50L, 100L, 500L, 1000L, 5000L, 10000L);
		});
	}

	private void assertBackedOff(org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
		assertThat(context).hasNotFailed()
			.doesNotHaveBean(SqlAnalyzer.class)
			.doesNotHaveBean(DataSourceObservationBeanPostProcessor.class);
		DataSource dataSource = context.getBean(DataSource.class);
		assertThat(dataSource).isNotInstanceOf(ObservedDataSource.class);
		assertThat(TypePreservingDataSourceProxy.isProxy(dataSource)).isFalse();
	}

}
