package dev.observability.starter.export;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What became of the spans handed to the batch span processor, counted where each thing
 * happens: a span is counted as <em>ended</em> when it ends and the processor takes it,
 * then either <em>dropped</em> (the queue was full), <em>exported</em> (the collector
 * accepted its batch) or <em>failed</em> (its batch's export failed or timed out, or
 * could not be attempted before shutdown), and until then it is <em>queued</em>. Created,
 * exported, failed and dropped are counted independently, so that
 * {@code ended = exported + failed + dropped + queued} is a check, not a definition.
 */
final class SpanExportPipeline {

	private static final Log logger = LogFactory.getLog(SpanExportPipeline.class);

	private final LongAdder ended = new LongAdder();

	private final LongAdder exported = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private final AtomicLong inExport = new AtomicLong();

	private final int queueCapacity;

	private volatile LongSupplier queueSize = () -> 0;

	private final ExportOutcomes outcomes = new ExportOutcomes();

	private volatile long lastDropMillis;

	private final String destination;

	private final long warningIntervalNanos;

	private final AtomicLong nextWarning = new AtomicLong(System.nanoTime());

	private long lostWhenWarned;

	SpanExportPipeline(int queueCapacity, String destination, Duration warningInterval) {
		this.queueCapacity = queueCapacity;
		this.destination = destination;
		this.warningIntervalNanos = warningInterval.toNanos();
	}

	void spanEnded() {
		this.ended.increment();
	}

	void dropped(long count) {
		this.dropped.add(count);
		this.lastDropMillis = System.currentTimeMillis();
		warnOfLosses();
	}

	void exportStarted(int count) {
		this.inExport.addAndGet(count);
	}

	/**
	 * Record the outcome the processor saw for a batch it handed to the exporter.
	 * @param count the spans in the batch
	 * @param error {@code null} when the collector accepted them, else what went wrong
	 */
	void exportFinished(long count, @Nullable String error) {
		this.inExport.addAndGet(-count);
		if (error == null) {
			this.exported.add(count);
			this.outcomes.succeeded();
		}
		else {
			this.failed.add(count);
			this.outcomes.failed(error);
			warnOfLosses();
		}
	}

	/**
	 * Log one warning per interval at most while spans are lost, with the number lost
	 * since the previous warning. Called where a loss is counted: on the thread that
	 * ended a span when the queue is full, and on the processor's thread when an export
	 * fails; a warning that is not due costs a clock read.
	 */
	private void warnOfLosses() {
		long now = System.nanoTime();
		long due = this.nextWarning.get();
		if (now - due < 0 || !this.nextWarning.compareAndSet(due, now + this.warningIntervalNanos)) {
			return;
		}
		long dropped = dropped();
		long failed = failed();
		long lostSinceWarning;
		synchronized (this) {
			lostSinceWarning = dropped + failed - this.lostWhenWarned;
			this.lostWhenWarned = dropped + failed;
		}
		logger.warn("Lost " + lostSinceWarning + " span(s) exporting to " + this.destination
				+ " since the last warning; since start " + dropped + " dropped because the export queue (capacity "
				+ this.queueCapacity + ") was full and " + failed + " in failed exports"
				+ ((this.outcomes.lastError() != null) ? " (last error: " + this.outcomes.lastError() + ")" : "")
				+ ". See the telemetry health contributor and the telemetry.spans.* meters.");
	}

	void queueSize(LongSupplier queueSize) {
		this.queueSize = queueSize;
	}

	long ended() {
		return this.ended.sum();
	}

	long exported() {
		return this.exported.sum();
	}

	long failed() {
		return this.failed.sum();
	}

	long dropped() {
		return this.dropped.sum();
	}

	long lost() {
		return failed() + dropped();
	}

	/**
	 * Spans waiting in the queue plus those of the batch being exported; spans the
	 * processor has taken out of the queue for a batch that is not full yet are not
	 * visible until that batch is exported.
	 * @return the spans waiting
	 */
	long queued() {
		return this.queueSize.getAsLong() + Math.max(0, this.inExport.get());
	}

	int queueCapacity() {
		return this.queueCapacity;
	}

	ExportOutcomes outcomes() {
		return this.outcomes;
	}

	@Nullable Instant lastDrop() {
		long millis = this.lastDropMillis;
		return (millis != 0) ? Instant.ofEpochMilli(millis) : null;
	}

	/**
	 * Where spans go, for messages: the collector's URL without credentials, or the
	 * exporters' description.
	 * @return the destination
	 */
	String destination() {
		return this.destination;
	}

}
