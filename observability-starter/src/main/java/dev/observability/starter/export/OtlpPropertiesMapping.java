package dev.observability.starter.export;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.validation.BeanPropertyBindingResult;

import dev.observability.starter.core.ObservabilitySwitches;

/**
 * Turns the {@code observability.otlp.*} block into the Spring Boot properties it stands
 * for, in a property source of the lowest precedence, so that a Boot property set
 * anywhere wins:
 * <ul>
 * <li>the endpoint becomes the trace, metric and (when enabled) log export URLs, the
 * headers and bearer token their headers, and so do compression and timeout;</li>
 * <li>the span queue and batch sizes become Boot's
 * {@code management.opentelemetry.tracing.export.*} settings, whose defaults (512 spans a
 * batch, 2048 queued, 5 s delay) lose most spans when a collector is slow;</li>
 * <li>Boot's OTLP metrics push, which goes to {@code localhost:4318} every minute by
 * default and warns each time nothing listens there, is switched off unless a destination
 * is configured: this endpoint, {@code management.otlp.metrics.export.url}, an
 * {@code OTEL_EXPORTER_OTLP_*ENDPOINT} variable, or
 * {@code management.otlp.metrics.export.enabled} set explicitly.</li>
 * </ul>
 * Nothing changes when the export area is switched off
 * ({@code observability.export.enabled}, or {@code observability.enabled} when the area
 * switch is not set). Invalid values are not handed on: the validated
 * {@link OtlpProperties} bean then stops startup with a message naming them.
 * <p>
 * The mapping is made when the context refreshes, before any configuration class is read,
 * rather than when the environment is prepared: property sources added in between, such
 * as a test's {@code @DynamicPropertySource} pointing at a test collector, count.
 */
class OtlpPropertiesMapping implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String PROPERTY_SOURCE_NAME = "observabilityOtlp";

	static final String METRICS_ENABLED = "management.otlp.metrics.export.enabled";

	static final String TRACES = "management.opentelemetry.tracing.export.";

	static final String METRICS = "management.otlp.metrics.export.";

	static final String LOGS = "management.opentelemetry.logging.export.otlp.";

	private static final String AREA = "export";

	private static final String[] METRICS_DESTINATIONS = { METRICS + "url", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
			"OTEL_EXPORTER_OTLP_ENDPOINT", METRICS_ENABLED };

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.addBeanFactoryPostProcessor(new BeanDefinitionRegistryPostProcessor() {

			@Override
			public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
				apply(context.getEnvironment());
			}

			@Override
			public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
			}

		});
	}

	/**
	 * Add (or replace) the property source with Boot's properties for the
	 * {@code observability.otlp.*} settings of the environment.
	 * @param environment the environment
	 */
	static void apply(ConfigurableEnvironment environment) {
		environment.getPropertySources().remove(PROPERTY_SOURCE_NAME);
		if (!ObservabilitySwitches.isEnabled(environment, AREA)) {
			return;
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		OtlpProperties otlp = validOtlpProperties(environment);
		if (otlp != null) {
			map(otlp, properties);
		}
		if (!properties.containsKey(METRICS + "url") && !hasMetricsDestination(environment)) {
			properties.put(METRICS_ENABLED, "false");
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
	}

	private static boolean hasMetricsDestination(ConfigurableEnvironment environment) {
		for (String property : METRICS_DESTINATIONS) {
			if (environment.containsProperty(property)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The bound {@code observability.otlp.*} properties, or {@code null} when any of them
	 * is invalid (left to the validated bean to report).
	 */
	private static @Nullable OtlpProperties validOtlpProperties(ConfigurableEnvironment environment) {
		OtlpProperties otlp;
		try {
			otlp = Binder.get(environment).bindOrCreate(OtlpProperties.PREFIX, OtlpProperties.class);
		}
		catch (RuntimeException ex) {
			return null;
		}
		BeanPropertyBindingResult errors = new BeanPropertyBindingResult(otlp, OtlpProperties.PREFIX);
		otlp.validate(otlp, errors);
		return errors.hasErrors() ? null : otlp;
	}

	private static void map(OtlpProperties otlp, Map<String, Object> properties) {
		OtlpProperties.Spans spans = otlp.getSpans();
		properties.put(TRACES + "max-queue-size", spans.getMaxQueueSize());
		properties.put(TRACES + "max-batch-size", spans.getMaxBatchSize());
		properties.put(TRACES + "schedule-delay", spans.getScheduleDelay());
		String base = otlp.baseUrl();
		if (base == null) {
			return;
		}
		String compression = otlp.getCompression().toLowerCase(Locale.ROOT);
		Map<String, String> headers = otlp.requestHeaders();
		properties.put(TRACES + "otlp.endpoint", base + "/v1/traces");
		properties.put(TRACES + "otlp.timeout", otlp.getTimeout());
		properties.put(TRACES + "otlp.compression", compression);
		headers.forEach((name, value) -> properties.put(TRACES + "otlp.headers[" + name + "]", value));
		properties.put(METRICS + "url", base + "/v1/metrics");
		properties.put(METRICS + "read-timeout", otlp.getTimeout());
		properties.put(METRICS + "compression-mode", compression);
		headers.forEach((name, value) -> properties.put(METRICS + "headers[" + name + "]", value));
		if (otlp.getLogs().isEnabled()) {
			properties.put(LOGS + "endpoint", base + "/v1/logs");
			properties.put(LOGS + "timeout", otlp.getTimeout());
			properties.put(LOGS + "compression", compression);
			headers.forEach((name, value) -> properties.put(LOGS + "headers[" + name + "]", value));
		}
	}

}
