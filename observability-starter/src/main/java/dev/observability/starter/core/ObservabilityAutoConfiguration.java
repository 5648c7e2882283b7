package dev.observability.starter.core;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The instrumentation core shared by every integration: the global
 * {@code observability.*} properties, the {@link HookFailures} meter, and the meter
 * handler that records the starter's observations on the Observation path. Integrations
 * each have their own auto-configuration.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@EnableConfigurationProperties(ObservabilityProperties.class)
public final class ObservabilityAutoConfiguration {

	@Bean
	static UnknownPropertiesCheck observabilityUnknownPropertiesCheck(Environment environment) {
		ObservabilityProperties.UnknownProperties action = Binder.get(environment)
			.bind("observability.unknown-properties", ObservabilityProperties.UnknownProperties.class)
			.orElse(ObservabilityProperties.UnknownProperties.WARN);
		return new UnknownPropertiesCheck(environment, action);
	}

	@Bean
	@ConditionalOnMissingBean
	HookFailures observabilityHookFailures(ObjectProvider<MeterRegistry> meterRegistry) {
		return new HookFailures(meterRegistry::getIfUnique);
	}

	/**
	 * Meters of the starter's observations through a handler that caches them, when
	 * Boot's meter handler is in use (it keeps handling every other observation).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(DefaultMeterObservationHandler.class)
	@ConditionalOnBean(DefaultMeterObservationHandler.class)
	static class CachedMetersConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CachingMeterObservationHandler observabilityCachingMeterObservationHandler(
				ObjectProvider<MeterRegistry> registry, ObjectProvider<OperationMeterSettings> settings) {
			return new CachingMeterObservationHandler(registry.getObject(), settings.orderedStream().toList());
		}

	}

}
