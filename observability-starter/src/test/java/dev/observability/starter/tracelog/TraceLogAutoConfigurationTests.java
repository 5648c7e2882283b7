package dev.observability.starter.tracelog;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class TraceLogAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TraceLogAutoConfiguration.class));

	@Test
	void backsOffByDefaultBecauseItIsADevelopmentAid() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(TraceLogSpanProcessor.class));
	}

	@Test
	void registersTheSpanProcessorWhenTraceLogIsSwitchedOn() {
		this.contextRunner.withPropertyValues("observability.trace-log.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(TraceLogSpanProcessor.class));
	}

	@Test
	void backsOffWhenTraceLogIsSwitchedOff() {
		this.contextRunner.withPropertyValues("observability.trace-log.enabled=false", "observability.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(TraceLogSpanProcessor.class));
	}

	@Test
	void staysOnWhenSwitchedOnExplicitlyEvenIfTheGlobalSwitchIsOff() {
		this.contextRunner.withPropertyValues("observability.trace-log.enabled=true", "observability.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(TraceLogSpanProcessor.class));
	}

	@Test
	void backsOffWhenTheOpenTelemetrySdkIsMissing() {
		this.contextRunner.withPropertyValues("observability.trace-log.enabled=true")
			.withClassLoader(new FilteredClassLoader(SpanProcessor.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TraceLogSpanProcessor.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheirOwnProcessor() {
		this.contextRunner.withPropertyValues("observability.trace-log.enabled=true")
			.withUserConfiguration(UserProcessorConfiguration.class)
			.run((context) -> assertThat(context).getBean(TraceLogSpanProcessor.class)
				.isSameAs(context.getBean("userTraceLog")));
	}

	@Test
	void bindsEveryProperty() {
		this.contextRunner
			.withPropertyValues("observability.trace-log.enabled=true", "observability.trace-log.min-duration=250ms",
					"observability.trace-log.max-pending-traces=50", "observability.trace-log.max-spans-per-trace=70")
			.run((context) -> {
				TraceLogProperties properties = context.getBean(TraceLogProperties.class);
				assertThat(properties.getMinDuration()).isEqualTo(Duration.ofMillis(250));
				assertThat(properties.getMaxPendingTraces()).isEqualTo(50);
				assertThat(properties.getMaxSpansPerTrace()).isEqualTo(70);
			});
	}

	@Test
	void bootsTracerProviderLogsTracesThroughTheProcessor(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("observability.trace-log.enabled=true", "management.tracing.sampling.probability=1.0")
			.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class))
			.run((context) -> {
				SdkTracerProvider provider = context.getBean(SdkTracerProvider.class);
				Span span = provider.get("test")
					.spanBuilder("GET /api/tasks")
					.setStartTimestamp(1_000, TimeUnit.MILLISECONDS)
					.startSpan();
				span.end(1_007, TimeUnit.MILLISECONDS);
				assertThat(output).contains("took 7.00 ms (1 span):\nGET /api/tasks (7.00 ms)");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserProcessorConfiguration {

		@Bean
		TraceLogSpanProcessor userTraceLog() {
			return new TraceLogSpanProcessor(Duration.ofSeconds(1), 1, 1);
		}

	}

}
