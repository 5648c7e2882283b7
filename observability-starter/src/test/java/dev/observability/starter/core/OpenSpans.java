package dev.observability.starter.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

import static org.awaitility.Awaitility.await;

/**
 * Counts the spans started and not yet ended, for scenario tests whose spans end on other
 * threads than the test's (a Redis command on Lettuce's I/O thread, a job on a pool
 * thread), possibly after the code that caused them returned.
 */
public final class OpenSpans implements SpanProcessor {

	private final AtomicInteger count = new AtomicInteger();

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		this.count.incrementAndGet();
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		this.count.decrementAndGet();
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	/**
	 * Wait, up to ten seconds, until no span is open.
	 */
	public void awaitNone() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.count.get() == 0);
	}

}
