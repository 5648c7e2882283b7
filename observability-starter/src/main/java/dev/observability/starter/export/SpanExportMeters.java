package dev.observability.starter.export;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The span export pipeline's meters: {@code telemetry.spans.ended}, {@code .exported},
 * {@code .failed}, {@code .dropped} (counters), {@code telemetry.spans.queued} and
 * {@code telemetry.spans.queue.capacity} (gauges). With nothing in flight, ended =
 * exported + failed + dropped + queued.
 */
final class SpanExportMeters implements MeterBinder {

	private final SpanExportPipeline pipeline;

	SpanExportMeters(SpanExportPipeline pipeline) {
		this.pipeline = pipeline;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		counter(registry, ExportMeterDocumentation.SPANS_ENDED, SpanExportPipeline::ended);
		counter(registry, ExportMeterDocumentation.SPANS_EXPORTED, SpanExportPipeline::exported);
		counter(registry, ExportMeterDocumentation.SPANS_FAILED, SpanExportPipeline::failed);
		counter(registry, ExportMeterDocumentation.SPANS_DROPPED, SpanExportPipeline::dropped);
		gauge(registry, ExportMeterDocumentation.SPANS_QUEUED, SpanExportPipeline::queued);
		gauge(registry, ExportMeterDocumentation.SPANS_QUEUE_CAPACITY, SpanExportPipeline::queueCapacity);
	}

	private void counter(MeterRegistry registry, ExportMeterDocumentation meter,
			ToDoubleFunction<SpanExportPipeline> count) {
		FunctionCounter.builder(meter.getName(), this.pipeline, count)
			.description(meter.getDescription())
			.register(registry);
	}

	private void gauge(MeterRegistry registry, ExportMeterDocumentation meter,
			ToDoubleFunction<SpanExportPipeline> value) {
		Gauge.builder(meter.getName(), this.pipeline, value).description(meter.getDescription()).register(registry);
	}

}
