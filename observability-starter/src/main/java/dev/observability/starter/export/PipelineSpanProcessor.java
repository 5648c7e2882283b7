package dev.observability.starter.export;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;

/**
 * Sits beside the {@link BatchSpanProcessor}: counts every span the batch processor takes
 * (sampled spans, and unsampled ones when those are exported too) as ended, and bounds
 * shutdown. When the tracer provider shuts down, the batch processor flushes its queue,
 * one export call after the other; with a collector that does not answer that takes one
 * exporter timeout per batch. After {@code observability.otlp.shutdown-timeout} the
 * exporter is abandoned, so that the flush ends and the spans left are counted.
 */
final class PipelineSpanProcessor implements SpanProcessor {

	private final SpanExportPipeline pipeline;

	private final PipelineSpanExporter exporter;

	private final boolean exportUnsampled;

	private final ExportShutdown shutdown;

	PipelineSpanProcessor(SpanExportPipeline pipeline, PipelineSpanExporter exporter, boolean exportUnsampled,
			ExportShutdown shutdown) {
		this.pipeline = pipeline;
		this.exporter = exporter;
		this.exportUnsampled = exportUnsampled;
		this.shutdown = shutdown;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		if (this.exportUnsampled || span.getSpanContext().isSampled()) {
			this.pipeline.spanEnded();
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	@Override
	public CompletableResultCode shutdown() {
		this.shutdown.begin();
		CompletableFuture
			.delayedExecutor(this.shutdown.remainingNanos(), TimeUnit.NANOSECONDS, PipelineSpanProcessor::daemon)
			.execute(this.exporter::abandonIfOpen);
		return CompletableResultCode.ofSuccess();
	}

	private static void daemon(Runnable task) {
		Thread thread = new Thread(task, "observability-export-shutdown");
		thread.setDaemon(true);
		thread.start();
	}

}
