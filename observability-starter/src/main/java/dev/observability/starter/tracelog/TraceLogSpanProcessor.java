package dev.observability.starter.tracelog;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.observability.starter.core.HookFailures;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Span processor that buffers ended spans per trace and, once the trace's local root span
 * (a span without parent or with a remote parent) and every span started under it have
 * ended, logs the whole trace as a tree at INFO level if the root lasted at least the
 * minimum duration. A job handed to an executor may end after the request that submitted
 * it: the trace is logged when the job ends, with it. Memory is bounded: at most
 * {@code maxPendingTraces} traces wait to be complete (the oldest is dropped first) and
 * at most {@code maxSpansPerTrace} spans are kept per trace (the earliest ended are
 * dropped first, which keeps the parents: they end after their children). Drops are
 * counted. The processor never throws into the tracer.
 */
public class TraceLogSpanProcessor implements SpanProcessor {

	private static final Log logger = LogFactory.getLog(TraceLogSpanProcessor.class);

	private static final String HOOK = "trace-log";

	private final long minDurationNanos;

	private final int maxPendingTraces;

	private final int maxSpansPerTrace;

	private final Map<String, PendingTrace> pending = new LinkedHashMap<>();

	private final LongAdder evictedTraces = new LongAdder();

	private final LongAdder evictedSpans = new LongAdder();

	private final HookFailures failures;

	/**
	 * Create a processor.
	 * @param minDuration shortest root-span duration for which a trace is logged
	 * @param maxPendingTraces most traces buffered while their root is still running
	 * @param maxSpansPerTrace most spans buffered for one trace
	 */
	public TraceLogSpanProcessor(Duration minDuration, int maxPendingTraces, int maxSpansPerTrace) {
		this(minDuration, maxPendingTraces, maxSpansPerTrace, HookFailures.logOnly());
	}

	/**
	 * Create a processor that counts its own failures.
	 * @param minDuration shortest root-span duration for which a trace is logged
	 * @param maxPendingTraces most traces buffered while their root is still running
	 * @param maxSpansPerTrace most spans buffered for one trace
	 * @param failures where its own failures are counted
	 */
	public TraceLogSpanProcessor(Duration minDuration, int maxPendingTraces, int maxSpansPerTrace,
			HookFailures failures) {
		this.failures = failures;
		this.minDurationNanos = minDuration.toNanos();
		this.maxPendingTraces = maxPendingTraces;
		this.maxSpansPerTrace = maxSpansPerTrace;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		try {
			SpanContext parent = span.getParentSpanContext();
			boolean localRoot = !parent.isValid() || parent.isRemote();
			String traceId = span.getSpanContext().getTraceId();
			synchronized (this.pending) {
				PendingTrace trace = this.pending.get(traceId);
				if (trace == null) {
					if (!localRoot) {
						// a trace already logged or dropped, or begun before this
						// processor
						return;
					}
					evictOldestTraceIfFull();
					trace = new PendingTrace();
					this.pending.put(traceId, trace);
				}
				trace.open++;
			}
		}
		catch (Throwable ex) {
			this.failures.record(HOOK, ex);
		}
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		try {
			SpanData data = span.toSpanData();
			SpanContext parent = data.getParentSpanContext();
			boolean localRoot = !parent.isValid() || parent.isRemote();
			PendingTrace complete;
			synchronized (this.pending) {
				PendingTrace trace = this.pending.get(data.getTraceId());
				if (trace == null) {
					return;
				}
				trace.add(data);
				trace.open--;
				if (localRoot) {
					trace.root = data;
				}
				complete = (trace.root != null && trace.open <= 0) ? this.pending.remove(data.getTraceId()) : null;
			}
			if (complete != null) {
				logIfSlow(complete.root, complete);
			}
		}
		catch (Throwable ex) {
			this.failures.record(HOOK, ex);
		}
	}

	private void evictOldestTraceIfFull() {
		if (this.pending.size() >= this.maxPendingTraces) {
			Iterator<PendingTrace> oldest = this.pending.values().iterator();
			this.evictedSpans.add(oldest.next().spans.size());
			oldest.remove();
			this.evictedTraces.increment();
		}
	}

	private void logIfSlow(@Nullable SpanData root, PendingTrace trace) {
		if (root == null) {
			return;
		}
		long durationNanos = root.getEndEpochNanos() - root.getStartEpochNanos();
		if (durationNanos < this.minDurationNanos || !logger.isInfoEnabled()) {
			return;
		}
		List<SpanData> spans = new ArrayList<>(trace.spans);
		StringBuilder message = new StringBuilder("Trace ").append(root.getTraceId())
			.append(" took ")
			.append(TraceTreeRenderer.formatMillis(durationNanos))
			.append(" (")
			.append(spans.size())
			.append((spans.size() != 1) ? " spans" : " span");
		if (trace.dropped > 0) {
			message.append("; ")
				.append(trace.dropped)
				.append(" earlier spans dropped over observability.trace-log.max-spans-per-trace");
		}
		message.append("):\n").append(TraceTreeRenderer.detailed().render(spans));
		logger.info(message.toString().stripTrailing());
	}

	/**
	 * Number of traces dropped, since this processor was created, because more than
	 * {@code maxPendingTraces} traces were waiting for their root span.
	 * @return the number of dropped traces
	 */
	public long getEvictedTraces() {
		return this.evictedTraces.sum();
	}

	/**
	 * Number of spans dropped, since this processor was created, either with a dropped
	 * trace or because a trace exceeded {@code maxSpansPerTrace}.
	 * @return the number of dropped spans
	 */
	public long getEvictedSpans() {
		return this.evictedSpans.sum();
	}

	/**
	 * Number of traces currently waiting for their root span to end.
	 * @return the number of pending traces
	 */
	public int getPendingTraces() {
		synchronized (this.pending) {
			return this.pending.size();
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	@Override
	public CompletableResultCode shutdown() {
		synchronized (this.pending) {
			this.pending.clear();
		}
		return CompletableResultCode.ofSuccess();
	}

	private final class PendingTrace {

		private final ArrayDeque<SpanData> spans = new ArrayDeque<>();

		private int dropped;

		private int open;

		private @Nullable SpanData root;

		void add(SpanData span) {
			if (this.spans.size() >= TraceLogSpanProcessor.this.maxSpansPerTrace) {
				this.spans.pollFirst();
				this.dropped++;
				TraceLogSpanProcessor.this.evictedSpans.increment();
			}
			this.spans.addLast(span);
		}

	}

}
