package dev.observability.starter.jdbc;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import net.ttddyy.dsproxy.support.ProxyDataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.observability.starter.core.ConditionalOnObservabilityEnabled;
import dev.observability.starter.core.HistogramBuckets;

/**
 * Observes every SQL statement run through the application's DataSource beans: one span
 * and one {@code db.client.operation.duration} timer per statement or batch.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration" })
@ConditionalOnClass({ DataSource.class, ProxyDataSource.class })
@ConditionalOnObservabilityEnabled("jdbc")
@EnableConfigurationProperties(JdbcObservabilityProperties.class)
public final class JdbcObservabilityAutoConfiguration {

	@Bean
	static DataSourceObservationBeanPostProcessor dataSourceObservationBeanPostProcessor(
			ObjectProvider<ObservationRegistry> registry, ObjectProvider<SqlAnalyzer> analyzer,
			ObjectProvider<JdbcObservationConvention> convention) {
		return new DataSourceObservationBeanPostProcessor(registry, analyzer, convention);
	}

	@Bean
	@ConditionalOnMissingBean
	SqlAnalyzer jdbcSqlAnalyzer(JdbcObservabilityProperties properties) {
		return new SqlAnalyzer(properties.getAnalysisCacheSize(), properties.getMaxQueryTextLength());
	}

	@Bean
	MeterFilter jdbcHistogramBuckets(JdbcObservabilityProperties properties) {
		return HistogramBuckets.forTimer(JdbcObservationDocumentation.STATEMENT.getName(),
				properties.getHistogramBuckets());
	}

	@Bean
	MeterFilter jdbcMeterTags() {
		return new StatementMeterTagsFilter();
	}

	/**
	 * Statement meters through a handler that caches them, when Boot's meter handler is
	 * in use (it keeps handling every other observation).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MetricsProperties.class)
	@ConditionalOnBean(DefaultMeterObservationHandler.class)
	static class StatementMetersConfiguration {

		@Bean
		JdbcMeterObservationHandler jdbcMeterObservationHandler(ObjectProvider<MeterRegistry> registry,
				MetricsProperties properties) {
			boolean longTaskTimer = !properties.getObservations()
				.getIgnoredMeters()
				.contains(DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER);
			return new JdbcMeterObservationHandler(registry.getObject(), longTaskTimer);
		}

	}

}
