package dev.observability.starter.jobs;

import org.springframework.core.task.TaskExecutor;

/**
 * An {@code Executor} or {@code TaskExecutor} bean of the application that is neither a
 * thread pool service nor one of Spring's decorated executors (a custom executor, one
 * that runs tasks on the caller's thread) as the starter exposes it: each task is a job
 * under the submitting thread's span.
 */
final class JobExecutor implements TaskExecutor {

	private final java.util.concurrent.Executor delegate;

	private final JobHook hook;

	private final String name;

	JobExecutor(java.util.concurrent.Executor delegate, JobHook hook, String name) {
		this.delegate = delegate;
		this.hook = hook;
		this.name = name;
	}

	@Override
	public void execute(Runnable task) {
		this.delegate.execute(this.hook.propagating(task, this.name));
	}

	@Override
	public String toString() {
		return this.delegate.toString();
	}

}
