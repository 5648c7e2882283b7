package dev.observability.starter.jdbc;

import javax.sql.DataSource;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import net.ttddyy.dsproxy.support.ProxyDataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.observability.starter.core.ConditionalOnObservabilityEnabled;
import dev.observability.starter.core.HistogramBuckets;

/**
 * Observes every SQL statement run through the application's DataSource beans: one span
 * and one {@code db.client.operation.duration} timer per statement or batch.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
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
		return new SqlAnalyzer(properties.getAnalysisCacheSize());
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

}
