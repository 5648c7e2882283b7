package dev.observability.starter.jdbc;

import java.util.Set;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.observability.starter.core.QueryFindingListener;
import dev.observability.starter.core.ConditionalOnObservabilityEnabled;
import dev.observability.starter.core.HistogramBuckets;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.LeanPathReport;
import dev.observability.starter.core.NumericSpanAttributes;
import dev.observability.starter.core.ObservabilityProperties;
import dev.observability.starter.core.ObservationMeterFilters;
import dev.observability.starter.core.OperationMeterSettings;

/**
 * Observes every SQL statement run through the application's DataSource beans: one CLIENT
 * span and one {@code db.client.operation.duration} timer sample per statement or batch.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration" })
@ConditionalOnClass(DataSource.class)
@ConditionalOnObservabilityEnabled("jdbc")
@EnableConfigurationProperties(JdbcObservabilityProperties.class)
public final class JdbcObservabilityAutoConfiguration {

	@Bean
	static DataSourceObservationBeanPostProcessor dataSourceObservationBeanPostProcessor(
			ObjectProvider<ObservationRegistry> registry, ObjectProvider<SqlAnalyzer> analyzer,
			ObjectProvider<JdbcObservationConvention> convention, ObjectProvider<HookFailures> failures,
			ObjectProvider<Tracer> tracer, ObjectProvider<MeterRegistry> meterRegistry,
			ObjectProvider<JdbcObservabilityProperties> properties,
			ObjectProvider<ObservabilityProperties> globalProperties,
			ObjectProvider<QueryFindingListener> findingListeners) {
		return new DataSourceObservationBeanPostProcessor(registry, analyzer, convention, failures, tracer,
				meterRegistry, properties, globalProperties, findingListeners);
	}

	@Bean
	LeanPathReport jdbcLeanPathReport(ConfigurableListableBeanFactory beanFactory,
			DataSourceObservationBeanPostProcessor statements) {
		return new LeanPathReport(beanFactory, JdbcObservabilityAutoConfiguration.class, statements::decision);
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
	MeterFilter jdbcStatementDurationWithoutMicrometerErrorTag() {
		return ObservationMeterFilters.withoutMicrometerErrorTag(JdbcObservationDocumentation.STATEMENT.getName());
	}

	@Bean
	MeterFilter jdbcStatementDurationDescriptions() {
		JdbcObservationDocumentation statement = JdbcObservationDocumentation.STATEMENT;
		return ObservationMeterFilters.withDescriptions(statement.getName(), statement.getMeasuredOperations());
	}

	@Bean
	OperationMeterSettings jdbcOperationMeterSettings(JdbcObservabilityProperties properties) {
		return new OperationMeterSettings(JdbcContext.class, properties.isLongTaskTimer());
	}

	@Bean
	NumericSpanAttributes jdbcNumericSpanAttributes() {
		return new NumericSpanAttributes(
				Set.of(JdbcObservationDocumentation.HighCardinalityKeyNames.DB_OPERATION_BATCH_SIZE.asString()));
	}

}
