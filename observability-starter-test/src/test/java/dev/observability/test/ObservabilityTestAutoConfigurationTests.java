package dev.observability.test;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ObservabilityTestAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservabilityTestAutoConfiguration.class));

	@Test
	void providesTelemetryAndTheCapturingSpanProcessor() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(Telemetry.class)
			.hasBean("observabilityTestSpanProcessor")
			.hasBean("observabilityTestSampler"));
	}

	@Test
	void backsOffWhenTheInMemoryExporterIsMissing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(InMemorySpanExporter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(Telemetry.class));
	}

}
