package dev.observability.starter.jobs;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskHolder;

import dev.observability.starter.core.ConditionalOnObservabilityEnabled;
import dev.observability.starter.core.HistogramBuckets;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.InfrastructureAutoProxyRegistrar;
import dev.observability.starter.core.LeanPathReport;
import dev.observability.starter.core.NumericSpanAttributes;
import dev.observability.starter.core.ObservabilityProperties;
import dev.observability.starter.core.ObservationMeterFilters;
import dev.observability.starter.core.OperationMeterSettings;
import dev.observability.starter.core.PropertyChecks;
import dev.observability.starter.jobs.JobObservationDocumentation.HighCardinalityKeyNames;

/**
 * Spans and meters for background jobs: {@code @Async} methods, tasks handed to executor
 * beans, scheduled runs and the application's own workers through {@link JobRunner}.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration" })
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnObservabilityEnabled("jobs")
@EnableConfigurationProperties(JobsObservabilityProperties.class)
@Import(InfrastructureAutoProxyRegistrar.class)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
public final class JobsObservabilityAutoConfiguration {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static JobHook jobHook(Environment environment, ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<JobObservationConvention> convention, ObjectProvider<HookFailures> failures,
			ObjectProvider<Tracer> tracer, ObjectProvider<MeterRegistry> meterRegistry,
			ObjectProvider<ObservabilityProperties> globalProperties) {
		JobsObservabilityProperties properties = bind(environment);
		return new JobHook(() -> {
			ObservationRegistry observationRegistry = registry.getIfAvailable();
			return (observationRegistry != null && !observationRegistry.isNoop())
					? new JobInstrumentation(observationRegistry, failures.getIfAvailable(HookFailures::logOnly),
							convention.getIfAvailable(), tracer.getIfUnique(), meterRegistry.getIfUnique(), properties,
							globalProperties.getIfAvailable(ObservabilityProperties::new).isRecordExceptionMessages())
					: null;
		});
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnProperty(name = "observability.jobs.executors", havingValue = "true", matchIfMissing = true)
	static JobExecutorsPostProcessor jobExecutorsPostProcessor(Environment environment, JobHook hook) {
		// bound here rather than injected: post-processors are created before the
		// properties bean (which still validates the values)
		JobsObservabilityProperties properties = bind(environment);
		Set<String> excluded = new HashSet<>(properties.getExcludeExecutors());
		return new JobExecutorsPostProcessor(hook, excluded, properties.getScheduled().isBootObservation());
	}

	@Bean
	@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics")
	@ConditionalOnProperty(name = "observability.jobs.executors", havingValue = "true", matchIfMissing = true)
	static ExecutorServiceMetricsBinder jobExecutorServiceMetrics(ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<MeterRegistry> registry) {
		return new ExecutorServiceMetricsBinder(beanFactory, registry);
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static AsyncJobAdvisor asyncJobAdvisor() {
		return new AsyncJobAdvisor();
	}

	@Bean
	@ConditionalOnMissingBean
	JobRunner jobRunner(JobHook hook) {
		return new JobRunner(hook);
	}

	@Bean
	JobRetryListener jobRetryListener() {
		return new JobRetryListener();
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	@ConditionalOnProperty(name = "observability.jobs.scheduled.boot-observation", havingValue = "false",
			matchIfMissing = true)
	SchedulingConfigurer withoutBootScheduledTaskObservation() {
		// the starter's job runs replace Spring's tasks.scheduled.execution observation
		return (registrar) -> registrar.setObservationRegistry(ObservationRegistry.NOOP);
	}

	@Bean
	LeanPathReport jobLeanPathReport(ConfigurableListableBeanFactory beanFactory, JobHook hook) {
		return new LeanPathReport(beanFactory, JobsObservabilityAutoConfiguration.class, () -> {
			JobInstrumentation instrumentation = hook.instrumentation();
			return (instrumentation != null) ? instrumentation.decision : null;
		});
	}

	@Bean
	OperationMeterSettings jobOperationMeterSettings() {
		return new OperationMeterSettings(JobContext.class, false);
	}

	@Bean
	MeterFilter jobRunDurationWithoutMicrometerErrorTag() {
		return ObservationMeterFilters.withoutMicrometerErrorTag(JobObservationDocumentation.JOB_RUN.getName());
	}

	@Bean
	MeterFilter jobRunDurationDescriptions() {
		JobObservationDocumentation run = JobObservationDocumentation.JOB_RUN;
		return ObservationMeterFilters.withDescriptions(run.getName(), run.getMeasuredOperations());
	}

	// The meter filters read the buckets from the environment rather than from the
	// properties bean: the meter registry, which every JDBC connection needs, must not
	// wait for it, or an invalid value would surface as a database error rather than as
	// the property's own message.

	@Bean
	MeterFilter jobRunDurationBuckets(Environment environment) {
		return HistogramBuckets.forTimer(JobObservationDocumentation.JOB_RUN.getName(), buckets(environment));
	}

	@Bean
	MeterFilter jobQueueWaitDurationBuckets(Environment environment) {
		return HistogramBuckets.forTimer(JobObservationDocumentation.QUEUE_WAIT, buckets(environment));
	}

	@Bean
	NumericSpanAttributes jobNumericSpanAttributes() {
		return new NumericSpanAttributes(Set.of(HighCardinalityKeyNames.JOB_ATTEMPT.asString(),
				HighCardinalityKeyNames.JOB_QUEUE_WAIT.asString(),
				HighCardinalityKeyNames.JOB_PAYLOAD_SIZE.asString()));
	}

	/**
	 * The configured buckets, or the default ones while they are invalid (startup then
	 * fails on the properties bean, with the property's message).
	 */
	private static List<Duration> buckets(Environment environment) {
		List<Duration> buckets = bind(environment).getHistogramBuckets();
		return PropertyChecks.arePositiveDurations(buckets) ? buckets
				: new JobsObservabilityProperties().getHistogramBuckets();
	}

	private static JobsObservabilityProperties bind(Environment environment) {
		return Binder.get(environment)
			.bind(JobsObservabilityProperties.PREFIX, JobsObservabilityProperties.class)
			.orElseGet(JobsObservabilityProperties::new);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class HealthConfiguration {

		@Bean
		@ConditionalOnEnabledHealthIndicator("jobs")
		ScheduledJobsHealthIndicator jobsHealthIndicator(ObjectProvider<ScheduledTaskHolder> holders, JobHook hook,
				JobsObservabilityProperties properties) {
			return new ScheduledJobsHealthIndicator(holders, hook::instrumentation,
					properties.getScheduled().getStaleAfterPeriods(), System::currentTimeMillis);
		}

	}

}
