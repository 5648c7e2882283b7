package dev.observability.starter.tracelog;

import dev.observability.starter.core.ConditionalOnObservabilityEnabled;
import dev.observability.starter.core.HookFailures;
import io.opentelemetry.sdk.trace.SpanProcessor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@link TraceLogSpanProcessor} as a span processor bean, which Boot's
 * OpenTelemetry tracing auto-configuration adds to the tracer provider. Off by default:
 * it is a development aid, switched on with {@code observability.trace-log.enabled=true}.
 * As for every integration, the area switch wins over {@code observability.enabled}.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
@ConditionalOnClass(SpanProcessor.class)
@ConditionalOnObservabilityEnabled("trace-log")
@ConditionalOnBooleanProperty("observability.trace-log.enabled")
@EnableConfigurationProperties(TraceLogProperties.class)
public final class TraceLogAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TraceLogSpanProcessor traceLogSpanProcessor(TraceLogProperties properties, ObjectProvider<HookFailures> failures) {
		return new TraceLogSpanProcessor(properties.getMinDuration(), properties.getMaxPendingTraces(),
				properties.getMaxSpansPerTrace(), failures.getIfAvailable(HookFailures::logOnly));
	}

}
