package dev.observability.starter.export;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The exporter the batch span processor calls: it times each export call, marks the batch
 * as in export until the processor records its outcome, and can be abandoned when
 * shutdown takes too long: the real exporter is shut down (which cancels a request in
 * flight) and later batches fail at once, so that the processor's final flush ends
 * promptly and what it could not send is counted as failed.
 */
final class PipelineSpanExporter implements SpanExporter {

	private static final Log logger = LogFactory.getLog(PipelineSpanExporter.class);

	private final SpanExporter delegate;

	private final SpanExportPipeline pipeline;

	private final ExportTimers timers;

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile boolean abandoned;

	private volatile long failedBeforeAbandoning;

	PipelineSpanExporter(SpanExporter delegate, SpanExportPipeline pipeline, ExportTimers timers) {
		this.delegate = delegate;
		this.pipeline = pipeline;
		this.timers = timers;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		this.pipeline.exportStarted(spans.size());
		if (this.abandoned) {
			return CompletableResultCode.ofFailure();
		}
		long start = System.nanoTime();
		CompletableResultCode result = this.delegate.export(spans);
		result.whenComplete(() -> this.timers.record(ExportTimers.TRACES, start, result.isSuccess()));
		return result;
	}

	@Override
	public CompletableResultCode flush() {
		return this.delegate.flush();
	}

	/**
	 * Give up on the collector if the processor has not finished its final flush: shut
	 * the real exporter down, failing an export in flight and any later one.
	 */
	void abandonIfOpen() {
		if (this.closed.get() || this.abandoned) {
			return;
		}
		this.failedBeforeAbandoning = this.pipeline.failed();
		this.abandoned = true;
		closeDelegate();
	}

	@Override
	public CompletableResultCode shutdown() {
		if (this.abandoned) {
			long unflushed = this.pipeline.failed() - this.failedBeforeAbandoning;
			logger.warn("Closed the application with " + unflushed + " span(s) not exported to "
					+ this.pipeline.destination() + ": the collector did not take them within "
					+ "observability.otlp.shutdown-timeout; they are counted in telemetry.spans.failed");
			return CompletableResultCode.ofSuccess();
		}
		return closeDelegate();
	}

	private CompletableResultCode closeDelegate() {
		if (!this.closed.compareAndSet(false, true)) {
			return CompletableResultCode.ofSuccess();
		}
		return this.delegate.shutdown();
	}

	SpanExporter delegate() {
		return this.delegate;
	}

	@Override
	public String toString() {
		return "PipelineSpanExporter{" + this.delegate + "}";
	}

}
