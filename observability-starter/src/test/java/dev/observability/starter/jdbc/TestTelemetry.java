package dev.observability.starter.jdbc;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/**
 * Real telemetry pipeline for tests: an observation registry whose observations become
 * OpenTelemetry spans (through Micrometer Tracing's OTel bridge, exported to memory) and
 * timers in a {@link SimpleMeterRegistry}.
 */
final class TestTelemetry {

	final InMemorySpanExporter spans = InMemorySpanExporter.create();

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final ObservationRegistry observations = ObservationRegistry.create();

	TestTelemetry() {
		SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(this.spans))
			.build();
		OtelTracer tracer = new OtelTracer(tracerProvider.get("test"), new OtelCurrentTraceContext(), (event) -> {
		});
		this.observations.observationConfig()
			.observationHandler(new DefaultMeterObservationHandler(this.meters))
			.observationHandler(new DefaultTracingObservationHandler(tracer));
	}

	List<SpanData> finishedSpans() {
		return this.spans.getFinishedSpanItems();
	}

	SpanData onlySpan() {
		List<SpanData> finished = finishedSpans();
		if (finished.size() != 1) {
			throw new AssertionError("Expected one span but found " + names(finished));
		}
		return finished.get(0);
	}

	static Map<String, String> attributes(SpanData span) {
		return span.getAttributes()
			.asMap()
			.entrySet()
			.stream()
			.collect(Collectors.toMap((entry) -> entry.getKey().getKey(), (entry) -> String.valueOf(entry.getValue())));
	}

	static List<String> names(List<SpanData> spans) {
		return spans.stream().map(SpanData::getName).toList();
	}

}
