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
		// not "created": Prometheus reads a _created suffix as a counter's creation time
		counter(registry, "ended", "Spans handed to the export pipeline when they ended (sampled ones)",
				SpanExportPipeline::ended);
		counter(registry, "exported", "Spans the collector accepted", SpanExportPipeline::exported);
		counter(registry, "failed", "Spans lost because the export call carrying them failed or timed out",
				SpanExportPipeline::failed);
		counter(registry, "dropped", "Spans lost because the export queue was full when they ended",
				SpanExportPipeline::dropped);
		Gauge.builder("telemetry.spans.queued", this.pipeline, SpanExportPipeline::queued)
			.description("Spans waiting in the export queue or in the export call under way")
			.register(registry);
		Gauge.builder("telemetry.spans.queue.capacity", this.pipeline, SpanExportPipeline::queueCapacity)
			.description("Most spans the export queue holds; spans ending while it is full are dropped")
			.register(registry);
	}

	private void counter(MeterRegistry registry, String outcome, String description,
			ToDoubleFunction<SpanExportPipeline> count) {
		FunctionCounter.builder("telemetry.spans." + outcome, this.pipeline, count)
			.description(description)
			.register(registry);
	}

}
