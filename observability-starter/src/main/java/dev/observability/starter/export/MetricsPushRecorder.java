package dev.observability.starter.export;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.registry.otlp.OtlpMetricsSender;

/**
 * Wraps Micrometer's OTLP metrics sender to time each push ({@code signal=metrics} in
 * {@code telemetry.export.duration}), count failed pushes and remember the last outcome
 * for the {@code telemetry} health contributor. While the application closes, a push (the
 * registry's last one) waits no longer than the export shutdown deadline.
 */
final class MetricsPushRecorder implements OtlpMetricsSender {

	private final OtlpMetricsSender delegate;

	private final ExportTimers timers;

	private final ExportShutdown shutdown;

	private final LongAdder failures = new LongAdder();

	private final ExportOutcomes outcomes = new ExportOutcomes();

	MetricsPushRecorder(OtlpMetricsSender delegate, ExportTimers timers, ExportShutdown shutdown) {
		this.delegate = delegate;
		this.timers = timers;
		this.shutdown = shutdown;
	}

	@Override
	public void send(Request request) throws Exception {
		long start = System.nanoTime();
		try {
			if (this.shutdown.isClosing()) {
				sendBeforeDeadline(request);
			}
			else {
				this.delegate.send(request);
			}
		}
		catch (Exception ex) {
			this.failures.increment();
			this.outcomes.failed(ex.getClass().getName());
			this.timers.record(ExportTimers.METRICS, start, false);
			throw ex;
		}
		this.outcomes.succeeded();
		this.timers.record(ExportTimers.METRICS, start, true);
	}

	private void sendBeforeDeadline(Request request) throws Exception {
		CompletableFuture<Void> push = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				this.delegate.send(request);
				push.complete(null);
			}
			catch (Throwable ex) {
				push.completeExceptionally(ex);
			}
		}, "observability-metrics-final-push");
		thread.setDaemon(true);
		thread.start();
		try {
			push.get(this.shutdown.remainingNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
		catch (TimeoutException ex) {
			throw new TimeoutException("The collector did not take the final metrics push within "
					+ "observability.otlp.shutdown-timeout; it was abandoned");
		}
	}

	long failures() {
		return this.failures.sum();
	}

	ExportOutcomes outcomes() {
		return this.outcomes;
	}

}
