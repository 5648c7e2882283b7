package dev.observability.starter.export;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpMetricsExportDefaultsEnvironmentPostProcessorTests {

	private final OtlpMetricsExportDefaultsEnvironmentPostProcessor postProcessor = new OtlpMetricsExportDefaultsEnvironmentPostProcessor();

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void switchesOtlpMetricsPushOffWhenNoDestinationIsConfigured() {
		this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication());
		assertThat(this.environment.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("false");
	}

	@Test
	void leavesBootAloneWhenAnUrlIsConfigured() {
		this.environment.setProperty("management.otlp.metrics.export.url", "http://collector:4318/v1/metrics");
		this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication());
		assertThat(this.environment.getProperty("management.otlp.metrics.export.enabled")).isNull();
	}

	@Test
	void leavesBootAloneWhenTheStandardOtelVariableIsSet() {
		this.environment.setProperty("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
		this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication());
		assertThat(this.environment.getProperty("management.otlp.metrics.export.enabled")).isNull();
	}

	@Test
	void anExplicitSettingWins() {
		this.environment.setProperty("management.otlp.metrics.export.enabled", "true");
		this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication());
		assertThat(this.environment.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("true");
	}

	@Test
	void changesNothingWhenTheStarterIsSwitchedOff() {
		this.environment.setProperty("observability.enabled", "false");
		this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication());
		assertThat(this.environment.getProperty("management.otlp.metrics.export.enabled")).isNull();
	}

	@Test
	void changesNothingWhenTheExportAreaIsSwitchedOff() {
		this.environment.setProperty("observability.export.enabled", "false");
		this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication());
		assertThat(this.environment.getProperty("management.otlp.metrics.export.enabled")).isNull();
	}

	@Test
	void theExportAreaSwitchWinsOverTheGlobalOne() {
		this.environment.setProperty("observability.enabled", "false");
		this.environment.setProperty("observability.export.enabled", "true");
		this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication());
		assertThat(this.environment.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("false");
	}

}
