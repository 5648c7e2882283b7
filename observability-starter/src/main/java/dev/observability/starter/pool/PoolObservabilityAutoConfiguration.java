package dev.observability.starter.pool;

import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.function.SingletonSupplier;

import dev.observability.starter.core.ConditionalOnObservabilityEnabled;
import dev.observability.starter.core.HookFailures;

/**
 * Connection pool support: warms HikariCP pools up at startup, records them under
 * OpenTelemetry's {@code db.client.connection.*} names and reports their saturation as
 * the {@code pool} health contributor.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ DataSource.class, HikariDataSource.class })
@ConditionalOnObservabilityEnabled("pool")
@EnableConfigurationProperties(PoolObservabilityProperties.class)
public final class PoolObservabilityAutoConfiguration {

	@Bean
	@ConditionalOnBooleanProperty(name = "observability.pool.warm-up.enabled", matchIfMissing = true)
	static PoolWarmUp poolWarmUp(PoolObservabilityProperties properties) {
		return new PoolWarmUp(properties.getWarmUp().getTimeout());
	}

	/**
	 * Pool meters under OpenTelemetry's names, and the pool health contributor fed by the
	 * same tracker.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "observability.pool.metric-names", havingValue = "opentelemetry",
			matchIfMissing = true)
	static class OpenTelemetryMetricsConfiguration {

		@Bean
		static PoolMetricsBeanPostProcessor poolMetricsBeanPostProcessor(ObjectProvider<MeterRegistry> registry,
				ObjectProvider<PoolObservabilityProperties> properties, ObjectProvider<HookFailures> failures) {
			Supplier<PoolMetrics> metrics = SingletonSupplier.of(() -> {
				PoolObservabilityProperties.Health health = properties.getObject().getHealth();
				return new PoolMetrics(registry::getIfUnique,
						new PoolSaturation(health.getWaitThreshold(), health.getWindow(), System::nanoTime));
			});
			return new PoolMetricsBeanPostProcessor(metrics, () -> failures.getIfAvailable(HookFailures::logOnly));
		}

		@Bean
		@ConditionalOnEnabledHealthIndicator("pool")
		PoolHealthIndicator poolHealthIndicator(PoolMetricsBeanPostProcessor metrics) {
			return new PoolHealthIndicator(metrics.saturation());
		}

	}

}
