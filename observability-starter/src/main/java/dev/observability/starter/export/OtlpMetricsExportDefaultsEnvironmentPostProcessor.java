package dev.observability.starter.export;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.observability.starter.core.ObservabilitySwitches;

/**
 * Turns Boot's OTLP metrics push off unless an OTLP destination is configured. Boot
 * pushes to {@code localhost:4318} every minute by default and logs a warning each time
 * nothing listens there; with this starter, an application without a collector makes no
 * export attempts. Setting {@code management.otlp.metrics.export.url}, an
 * {@code OTEL_EXPORTER_OTLP_*ENDPOINT} variable, or
 * {@code management.otlp.metrics.export.enabled} explicitly restores Boot's behaviour,
 * and so does switching the export area off ({@code observability.export.enabled}, or
 * {@code observability.enabled} when the area switch is not set).
 */
class OtlpMetricsExportDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String ENABLED = "management.otlp.metrics.export.enabled";

	private static final String AREA = "export";

	private static final String[] DESTINATIONS = { "management.otlp.metrics.export.url",
			"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT", ENABLED };

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!ObservabilitySwitches.isEnabled(environment, AREA)) {
			return;
		}
		for (String property : DESTINATIONS) {
			if (environment.containsProperty(property)) {
				return;
			}
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource("observabilityOtlpMetricsDefaults", Map.of(ENABLED, "false")));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
