package dev.observability.test;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import dev.observability.starter.core.QueryFindingListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Imported by {@link ObservabilityTest @ObservabilityTest} (not by the classpath alone):
 * captures every span in memory and exposes {@link Telemetry}. The exporter is
 * deliberately not a {@code SpanExporter} bean, which Boot would also hand to its
 * batching processor and so capture every span twice.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
@ConditionalOnClass({ SdkTracerProvider.class, InMemorySpanExporter.class })
public final class ObservabilityTestAutoConfiguration {

	@Bean
	Telemetry observabilityTestTelemetry(ObjectProvider<MeterRegistry> meterRegistry) {
		return new Telemetry(InMemorySpanExporter.create(), meterRegistry::getIfAvailable);
	}

	@Bean
	QueryFindingListener observabilityTestFindings(Telemetry telemetry) {
		return telemetry::record;
	}

	@Bean
	SpanProcessor observabilityTestSpanProcessor(Telemetry telemetry) {
		// export first: a trace counts as complete once its last span is closed, and by
		// then that span must be among the captured ones
		return SpanProcessor.composite(SimpleSpanProcessor.create(telemetry.exporter()), telemetry.openSpans());
	}

	@Bean
	SdkTracerProviderBuilderCustomizer observabilityTestSampler() {
		return (builder) -> builder.setSampler(Sampler.alwaysOn());
	}

}
