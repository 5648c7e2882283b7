package dev.observability.starter.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Tracer;

import dev.observability.starter.core.ConditionalOnObservabilityEnabled;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.InfrastructureAutoProxyRegistrar;
import dev.observability.starter.core.LeanPathReport;
import dev.observability.starter.core.ObservabilityProperties;
import dev.observability.starter.core.ObservationMeterFilters;
import dev.observability.starter.core.OperationMeterSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * Spans and timers for the public methods of {@code @Service} beans.
 *
 * @see ServiceObservationAdvisor
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ ObservationRegistry.class, org.springframework.aop.Advisor.class })
@ConditionalOnObservabilityEnabled("service")
@EnableConfigurationProperties(ServiceObservabilityProperties.class)
@Import(InfrastructureAutoProxyRegistrar.class)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
public final class ServiceObservabilityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static ServiceObservationAdvisor serviceObservationAdvisor(Environment environment,
			ObjectProvider<ObservationRegistry> registry, ObjectProvider<ServiceObservationConvention> convention,
			ObjectProvider<HookFailures> failures, ObjectProvider<Tracer> tracer,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<ObservabilityProperties> globalProperties) {
		// bound here rather than injected: advisors are created while post-processors are
		// registered, too early for the properties bean (which still validates the
		// values)
		ServiceObservabilityProperties properties = Binder.get(environment)
			.bind(ServiceObservabilityProperties.PREFIX, ServiceObservabilityProperties.class)
			.orElseGet(ServiceObservabilityProperties::new);
		ServiceObservationInterceptor interceptor = new ServiceObservationInterceptor(() -> {
			ObservationRegistry observationRegistry = registry.getIfAvailable();
			return (observationRegistry != null)
					? new ServiceInstrumentation(observationRegistry, failures.getIfAvailable(HookFailures::logOnly),
							convention.getIfAvailable(), tracer.getIfUnique(), meterRegistry.getIfUnique(), properties,
							globalProperties.getIfAvailable(ObservabilityProperties::new).isRecordExceptionMessages())
					: null;
		});
		return new ServiceObservationAdvisor(properties.getInclude(), properties.getExclude(), interceptor);
	}

	@Bean
	LeanPathReport serviceLeanPathReport(ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<ServiceObservationAdvisor> advisor) {
		return new LeanPathReport(beanFactory, ServiceObservabilityAutoConfiguration.class, () -> {
			ServiceObservationAdvisor starters = advisor.getIfUnique();
			return (starters != null && starters.getAdvice() instanceof ServiceObservationInterceptor interceptor)
					? interceptor.decision() : null;
		});
	}

	@Bean
	OperationMeterSettings serviceOperationMeterSettings(ServiceObservabilityProperties properties) {
		return new OperationMeterSettings(ServiceMethodContext.class, properties.isLongTaskTimer());
	}

	@Bean
	MeterFilter serviceMethodDurationWithoutMicrometerErrorTag() {
		return ObservationMeterFilters
			.withoutMicrometerErrorTag(ServiceObservationDocumentation.SERVICE_METHOD.getName());
	}

	@Bean
	MeterFilter serviceMethodDurationDescriptions() {
		ServiceObservationDocumentation method = ServiceObservationDocumentation.SERVICE_METHOD;
		return ObservationMeterFilters.withDescriptions(method.getName(), method.getMeasuredOperations());
	}

}
