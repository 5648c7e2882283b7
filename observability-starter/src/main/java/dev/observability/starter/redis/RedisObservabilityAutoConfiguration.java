package dev.observability.starter.redis;

import java.util.Set;

import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.function.SingletonSupplier;

import dev.observability.starter.core.ConditionalOnObservabilityEnabled;
import dev.observability.starter.core.HistogramBuckets;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.LeanPathReport;
import dev.observability.starter.core.NumericSpanAttributes;
import dev.observability.starter.core.ObservabilityProperties;
import dev.observability.starter.core.ObservationMeterFilters;
import dev.observability.starter.core.OperationMeterSettings;
import dev.observability.starter.redis.RedisObservationDocumentation.HighCardinalityKeyNames;
import dev.observability.starter.redis.RedisObservationDocumentation.LowCardinalityKeyNames;

/**
 * Observes every Redis command sent through Lettuce: one CLIENT span and one
 * {@code db.client.operation.duration} sample per command, replacing Spring Boot's
 * Lettuce observation (kept instead with {@code observability.redis.boot-observation}).
 * Also counts connection events and turns on Spring Cache metrics over Redis.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		afterName = {
				"org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration",
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration" })
@ConditionalOnClass({ RedisClient.class, ClientResourcesBuilderCustomizer.class, RedisConnectionFactory.class })
@ConditionalOnObservabilityEnabled("redis")
@EnableConfigurationProperties(RedisObservabilityProperties.class)
public final class RedisObservabilityAutoConfiguration {

	@Bean
	static RedisConnectionEvents redisConnectionEvents(ObjectProvider<MeterRegistry> registry,
			ObjectProvider<HookFailures> failures) {
		return new RedisConnectionEvents(registry, failures);
	}

	/**
	 * Ordered before unordered filters, such as the SQL statements' buckets of the same
	 * timer name, which then leave Redis timers alone.
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE - 1)
	MeterFilter redisHistogramBuckets(RedisObservabilityProperties properties) {
		return HistogramBuckets.forTimer(RedisObservationDocumentation.COMMAND.getName(),
				LowCardinalityKeyNames.DB_SYSTEM_NAME.asString(), RedisCommandDescriptors.REDIS,
				properties.getHistogramBuckets());
	}

	@Bean
	MeterFilter redisCommandDurationWithoutMicrometerErrorTag() {
		return ObservationMeterFilters.withoutMicrometerErrorTag(RedisObservationDocumentation.COMMAND.getName());
	}

	@Bean
	MeterFilter redisCommandDurationDescriptions() {
		RedisObservationDocumentation command = RedisObservationDocumentation.COMMAND;
		return ObservationMeterFilters.withDescriptions(command.getName(), command.getMeasuredOperations());
	}

	@Bean
	OperationMeterSettings redisOperationMeterSettings() {
		return new OperationMeterSettings(RedisCommandContext.class, false);
	}

	@Bean
	NumericSpanAttributes redisNumericSpanAttributes() {
		return new NumericSpanAttributes(Set.of(HighCardinalityKeyNames.SERVER_PORT.asString()));
	}

	/**
	 * The starter's command spans in place of Boot's Lettuce observation.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = RedisObservabilityProperties.PREFIX + ".boot-observation", havingValue = false,
			matchIfMissing = true)
	static final class CommandTracingConfiguration {

		@Bean
		RedisCommandTracing redisCommandTracing(ObjectProvider<ObservationRegistry> registry,
				ObjectProvider<RedisObservationConvention> convention, ObjectProvider<HookFailures> failures,
				ObjectProvider<Tracer> tracer, ObjectProvider<MeterRegistry> meterRegistry,
				ObjectProvider<RedisObservabilityProperties> properties,
				ObjectProvider<ObservabilityProperties> globalProperties,
				ObjectProvider<RedisConnectionFactory> connectionFactory) {
			return new RedisCommandTracing(SingletonSupplier
				.of(() -> new RedisInstrumentation(registry.getIfAvailable(() -> ObservationRegistry.NOOP),
						failures.getIfAvailable(HookFailures::logOnly), convention.getIfUnique(), tracer.getIfUnique(),
						meterRegistry.getIfUnique(), properties.getIfAvailable(RedisObservabilityProperties::new),
						namespace(connectionFactory.getIfUnique()),
						globalProperties.getIfAvailable(ObservabilityProperties::new).isRecordExceptionMessages())));
		}

		/**
		 * Applied after Boot's customizers (this configuration comes after Boot's Lettuce
		 * observation), so that its tracing is the one the client resources keep.
		 */
		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		ClientResourcesBuilderCustomizer observabilityRedisCommandTracing(RedisCommandTracing tracing) {
			return (builder) -> builder.tracing(tracing);
		}

		@Bean
		LeanPathReport redisLeanPathReport(ConfigurableListableBeanFactory beanFactory, RedisCommandTracing tracing) {
			return new LeanPathReport(beanFactory, RedisObservabilityAutoConfiguration.class, tracing::decision);
		}

		private static String namespace(RedisConnectionFactory connectionFactory) {
			if (connectionFactory instanceof LettuceConnectionFactory lettuce) {
				return Integer.toString(lettuce.getDatabase());
			}
			return "0";
		}

	}

	/**
	 * Spring Cache over Redis: statistics on, and caches created after startup bound to
	 * Boot's cache metrics too.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisCacheManagerBuilderCustomizer.class, CacheMetricsRegistrar.class,
			RedisCacheManager.class })
	@ConditionalOnBooleanProperty(name = RedisObservabilityProperties.PREFIX + ".cache-metrics", matchIfMissing = true)
	static final class CacheMetricsConfiguration {

		@Bean
		RedisCacheManagerBuilderCustomizer observabilityRedisCacheStatistics() {
			return RedisCacheManager.RedisCacheManagerBuilder::enableStatistics;
		}

		@Bean
		static RedisCacheMetricsBinder redisCacheMetricsBinder(ObjectProvider<CacheMetricsRegistrar> registrar,
				ObjectProvider<HookFailures> failures) {
			return new RedisCacheMetricsBinder(registrar, failures);
		}

	}

}
