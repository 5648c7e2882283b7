package dev.observability.starter.jobs;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import io.micrometer.observation.Observation;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.SchedulingAwareRunnable;

/**
 * A task handed to an instrumented executor, with what the submitting thread knew: its
 * OpenTelemetry context and current observation (the job's parents) and the time of
 * submission. Running it runs the task as a {@link JobRun} under those parents, then
 * leaves the thread as it found it.
 */
final class JobTask implements SchedulingAwareRunnable, Callable<@Nullable Object> {

	private final JobInstrumentation instrumentation;

	private final @Nullable Runnable runnable;

	private final @Nullable Callable<?> callable;

	private final JobType type;

	private final boolean provisional;

	private final Context parentContext;

	private final @Nullable Observation parentObservation;

	private final long submittedNanos;

	private JobTask(JobInstrumentation instrumentation, @Nullable Runnable runnable, @Nullable Callable<?> callable,
			JobType type, boolean provisional) {
		this.instrumentation = instrumentation;
		this.runnable = runnable;
		this.callable = callable;
		this.type = type;
		this.provisional = provisional;
		this.parentContext = Context.current();
		this.parentObservation = instrumentation.registry.getCurrentObservation();
		this.submittedNanos = System.nanoTime();
	}

	static JobTask of(JobInstrumentation instrumentation, Runnable task, JobType type, boolean provisional) {
		return new JobTask(instrumentation, task, null, type, provisional);
	}

	static JobTask of(JobInstrumentation instrumentation, Callable<?> task, JobType type, boolean provisional) {
		return new JobTask(instrumentation, null, task, type, provisional);
	}

	/**
	 * Count this task as rejected by its executor.
	 */
	void rejected() {
		this.type.recordOutcome(JobType.REJECTED, 1);
	}

	@Override
	public void run() {
		JobRun run = start();
		Throwable thrown = null;
		try {
			if (this.runnable != null) {
				this.runnable.run();
				if (this.runnable instanceof FutureTask<?> future) {
					failureOf(future, run);
				}
			}
			else if (this.callable != null) {
				this.callable.call();
			}
		}
		catch (RuntimeException | Error ex) {
			thrown = ex;
			throw ex;
		}
		catch (Exception ex) {
			thrown = ex;
			throw new IllegalStateException(ex);
		}
		finally {
			run.end(thrown);
		}
	}

	@Override
	public @Nullable Object call() throws Exception {
		JobRun run = start();
		Throwable thrown = null;
		try {
			if (this.callable != null) {
				return this.callable.call();
			}
			if (this.runnable != null) {
				this.runnable.run();
			}
			return null;
		}
		catch (Exception | Error ex) {
			thrown = ex;
			throw ex;
		}
		finally {
			run.end(thrown);
		}
	}

	private JobRun start() {
		return JobRun.start(this.instrumentation, this.type, this.provisional, this.parentContext,
				this.parentObservation, SpanKind.INTERNAL, 1, System.nanoTime() - this.submittedNanos, -1);
	}

	/**
	 * A task of {@code submit} keeps what it threw in its future rather than throwing it.
	 */
	private static void failureOf(FutureTask<?> future, JobRun run) {
		if (future.isDone() && !future.isCancelled()) {
			try {
				future.get();
			}
			catch (ExecutionException ex) {
				run.failed((ex.getCause() != null) ? ex.getCause() : ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException ex) {
				// cancelled meanwhile: not the job's failure
			}
		}
	}

	@Override
	public boolean isLongLived() {
		return (this.runnable instanceof SchedulingAwareRunnable aware) && aware.isLongLived();
	}

	@Override
	public @Nullable String getQualifier() {
		return (this.runnable instanceof SchedulingAwareRunnable aware) ? aware.getQualifier() : null;
	}

	@Override
	public String toString() {
		return "job " + this.type.name() + " [" + ((this.runnable != null) ? this.runnable : this.callable) + "]";
	}

}
