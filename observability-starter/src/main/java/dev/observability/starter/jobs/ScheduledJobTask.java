package dev.observability.starter.jobs;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.SchedulingAwareRunnable;

/**
 * A task given to a task scheduler: every run of it is a job run that starts a trace of
 * its own, whatever was current where it was scheduled or on the thread that runs it.
 */
final class ScheduledJobTask implements SchedulingAwareRunnable {

	private final JobInstrumentation instrumentation;

	private final Runnable task;

	private final JobType type;

	private final boolean provisional;

	ScheduledJobTask(JobInstrumentation instrumentation, Runnable task, JobType type, boolean provisional) {
		this.instrumentation = instrumentation;
		this.task = task;
		this.type = type;
		this.provisional = provisional;
	}

	@Override
	public void run() {
		JobRun run = JobRun.start(this.instrumentation, this.type, this.provisional, Context.root(), null,
				SpanKind.INTERNAL, 1, -1, -1);
		Throwable thrown = null;
		try {
			this.task.run();
		}
		catch (RuntimeException | Error ex) {
			thrown = ex;
			throw ex;
		}
		finally {
			run.end(thrown);
		}
	}

	@Override
	public boolean isLongLived() {
		return (this.task instanceof SchedulingAwareRunnable aware) && aware.isLongLived();
	}

	@Override
	public @Nullable String getQualifier() {
		return (this.task instanceof SchedulingAwareRunnable aware) ? aware.getQualifier() : null;
	}

	@Override
	public String toString() {
		return this.task.toString();
	}

}
