package dev.observability.test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Counts, per trace, the spans started and not yet ended, so that a trace is handed to a
 * test only once it is complete: a job handed to an executor may end after the request
 * that submitted it. A trace whose spans have all ended holds no entry.
 */
final class OpenSpans implements SpanProcessor {

	private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		this.open.computeIfAbsent(span.getSpanContext().getTraceId(), (traceId) -> new AtomicInteger())
			.incrementAndGet();
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		String traceId = span.getSpanContext().getTraceId();
		this.open.computeIfPresent(traceId, (key, count) -> (count.decrementAndGet() <= 0) ? null : count);
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	/**
	 * Whether every span of a trace that started has ended.
	 * @param traceId the trace
	 * @return {@code true} when none is open
	 */
	boolean isComplete(String traceId) {
		return !this.open.containsKey(traceId);
	}

	@Override
	public CompletableResultCode shutdown() {
		this.open.clear();
		return CompletableResultCode.ofSuccess();
	}

}
