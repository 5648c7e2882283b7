package dev.observability.starter.core;

import java.util.HashSet;
import java.util.Set;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * Boot's three tracing observation handlers, replaced by subclasses that record numeric
 * attributes as numbers ({@link NumericSpanAttributes}) and failures without their
 * message ({@link SpanErrors}), unless {@code observability.record-exception-messages} is
 * set. They apply to every observation, Spring's HTTP server observation included, so
 * that no exception message reaches a span by default. Orders match Boot's; an
 * application that declares its own handler of one of these types keeps it.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		beforeName = "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration")
@ConditionalOnClass({ Tracer.class, OtelSpan.class })
@ConditionalOnBean(Tracer.class)
@ConditionalOnObservabilityEnabled("tracing")
@EnableConfigurationProperties(ObservabilityProperties.class)
public final class ObservabilityTracingAutoConfiguration {

	private static final int DEFAULT_ORDER = 2147482647;

	private static final int RECEIVER_ORDER = 1000;

	private static final int SENDER_ORDER = 2000;

	@Bean
	@ConditionalOnMissingBean(io.micrometer.tracing.handler.DefaultTracingObservationHandler.class)
	@Order(DEFAULT_ORDER)
	ObservabilityTracingObservationHandler defaultTracingObservationHandler(Tracer tracer,
			ObjectProvider<NumericSpanAttributes> numeric, ObservabilityProperties properties) {
		return new ObservabilityTracingObservationHandler(tracer, numericKeys(numeric),
				properties.isRecordExceptionMessages());
	}

	@Bean
	@ConditionalOnMissingBean(io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler.class)
	@ConditionalOnBean(Propagator.class)
	@Order(SENDER_ORDER)
	ObservabilitySenderTracingObservationHandler propagatingSenderTracingObservationHandler(Tracer tracer,
			Propagator propagator, ObjectProvider<NumericSpanAttributes> numeric, ObservabilityProperties properties) {
		return new ObservabilitySenderTracingObservationHandler(tracer, propagator, numericKeys(numeric),
				properties.isRecordExceptionMessages());
	}

	@Bean
	@ConditionalOnMissingBean(io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler.class)
	@ConditionalOnBean(Propagator.class)
	@Order(RECEIVER_ORDER)
	ObservabilityReceiverTracingObservationHandler propagatingReceiverTracingObservationHandler(Tracer tracer,
			Propagator propagator, ObjectProvider<NumericSpanAttributes> numeric,
			ObjectProvider<SpanStartAttributes> startAttributes, ObservabilityProperties properties) {
		return new ObservabilityReceiverTracingObservationHandler(tracer, propagator, numericKeys(numeric),
				properties.isRecordExceptionMessages(), startAttributes.orderedStream().toList());
	}

	private static Set<String> numericKeys(ObjectProvider<NumericSpanAttributes> numeric) {
		Set<String> keys = new HashSet<>();
		numeric.orderedStream().forEach((attributes) -> keys.addAll(attributes.keys()));
		return keys;
	}

}
