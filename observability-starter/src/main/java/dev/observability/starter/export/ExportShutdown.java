package dev.observability.starter.export;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The deadline by which exports must be done once the application closes:
 * {@code observability.otlp.shutdown-timeout} after the context started closing (or after
 * the tracer provider shut down, if that comes first). Span and metric exports share it,
 * so that a dead collector delays closing by that much in all.
 */
final class ExportShutdown implements ApplicationListener<ContextClosedEvent> {

	private static final long NOT_CLOSING = Long.MIN_VALUE;

	private final long timeoutNanos;

	private final AtomicLong deadline = new AtomicLong(NOT_CLOSING);

	ExportShutdown(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		begin();
	}

	/**
	 * Start the countdown, unless it has started already.
	 */
	void begin() {
		this.deadline.compareAndSet(NOT_CLOSING, System.nanoTime() + this.timeoutNanos);
	}

	boolean isClosing() {
		return this.deadline.get() != NOT_CLOSING;
	}

	/**
	 * Time left until the deadline, zero once it has passed.
	 * @return the nanoseconds left; the whole timeout when closing has not begun
	 */
	long remainingNanos() {
		long deadline = this.deadline.get();
		return (deadline == NOT_CLOSING) ? this.timeoutNanos : Math.max(0, deadline - System.nanoTime());
	}

	@Override
	public boolean supportsAsyncExecution() {
		return false;
	}

}
