package dev.observability.starter.jobs;

import org.jspecify.annotations.Nullable;

import org.springframework.core.task.TaskDecorator;

/**
 * The decorator the starter gives a Spring task executor: each task becomes a job under
 * the submitting thread's span. A decorator the executor already had still applies, and
 * runs first on the worker thread (so that what it restores, such as Boot's context
 * propagation, is in place when the job starts).
 */
final class JobTaskDecorator implements TaskDecorator {

	private final JobHook hook;

	private final String executorName;

	private final @Nullable TaskDecorator existing;

	JobTaskDecorator(JobHook hook, String executorName, @Nullable TaskDecorator existing) {
		this.hook = hook;
		this.executorName = executorName;
		this.existing = existing;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		Runnable job = this.hook.propagating(runnable, this.executorName);
		return (this.existing != null) ? this.existing.decorate(job) : job;
	}

}
