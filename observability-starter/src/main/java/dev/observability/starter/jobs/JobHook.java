package dev.observability.starter.jobs;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.LeanPathDecision;
import dev.observability.starter.core.SuppressedWork;

import org.springframework.util.function.SingletonSupplier;

/**
 * Where every job hook of an application context (executor decorators and wrappers,
 * scheduler proxies, the {@code @Async} advisor, {@link JobRunner}) turns a task into a
 * job. What it needs is looked up when the first task is handed over, after the
 * application's beans exist: executors are instrumented while bean post-processors are
 * still being registered.
 */
final class JobHook {

	static final String HOOK = "job";

	private static final String SPRING_SCHEDULING = "org.springframework.scheduling.";

	private final Supplier<@Nullable JobInstrumentation> instrumentation;

	private final HookFailures unresolvedFailures = HookFailures.logOnly();

	JobHook(Supplier<@Nullable JobInstrumentation> instrumentation) {
		this.instrumentation = SingletonSupplier.of(instrumentation);
	}

	/**
	 * The instrumentation, resolved on first use.
	 * @return the instrumentation, or {@code null} when jobs are not recorded
	 */
	@Nullable JobInstrumentation instrumentation() {
		try {
			JobInstrumentation instrumentation = this.instrumentation.get();
			return (instrumentation == null || instrumentation.path == LeanPathDecision.Path.OFF) ? null
					: instrumentation;
		}
		catch (RuntimeException | LinkageError ex) {
			this.unresolvedFailures.record(HOOK, ex);
			return null;
		}
	}

	/**
	 * The task to hand to an executor in place of {@code task}: one that runs it as a job
	 * under the submitting thread's span.
	 * @param task the application's task
	 * @param executorName name of the executor, the job's name when the task has none
	 * @return the job task, or {@code task} itself when it is not recorded
	 */
	Runnable propagating(Runnable task, String executorName) {
		if (task instanceof ScheduledJobTask) {
			return task;
		}
		return propagating(task, executorName, JobTask::of);
	}

	/**
	 * The callable to hand to an executor in place of {@code task}; see
	 * {@link #propagating(Runnable, String)}.
	 * @param <T> the task's result type
	 * @param task the application's task
	 * @param executorName name of the executor
	 * @return the job task, or {@code task} itself when it is not recorded
	 */
	@SuppressWarnings("unchecked")
	<T> Callable<T> propagating(Callable<T> task, String executorName) {
		return propagating(task, executorName, (instrumentation, callable, type,
				provisional) -> (Callable<T>) JobTask.of(instrumentation, (Callable<?>) callable, type, provisional));
	}

	private <T> T propagating(T task, String executorName, JobTaskFactory<T> jobs) {
		if (task instanceof JobTask || SuppressedWork.isActive()) {
			return task;
		}
		JobInstrumentation instrumentation = instrumentation();
		if (instrumentation == null) {
			return task;
		}
		try {
			String name = JobRunner.nameOf(task);
			return (name != null)
					? jobs.create(instrumentation, task, instrumentation.type(JobKind.EXECUTOR, name), false)
					: jobs.create(instrumentation, task, instrumentation.type(JobKind.EXECUTOR, executorName), true);
		}
		catch (RuntimeException | LinkageError ex) {
			instrumentation.failures.record(HOOK, ex);
			return task;
		}
	}

	/**
	 * The task to hand to a scheduler in place of {@code task}: one whose every run is a
	 * job run starting a trace of its own.
	 * @param task the application's task
	 * @param schedulerName name of the scheduler, the job's name when the task has none
	 * @return the job task, or {@code task} itself when it is not recorded
	 */
	Runnable scheduled(Runnable task, String schedulerName) {
		if (task instanceof ScheduledJobTask) {
			return task;
		}
		JobInstrumentation instrumentation = instrumentation();
		if (instrumentation == null) {
			return task;
		}
		try {
			String name = scheduledName(task);
			return new ScheduledJobTask(instrumentation, task,
					instrumentation.type(JobKind.SCHEDULED, (name != null) ? name : schedulerName), name == null);
		}
		catch (RuntimeException | LinkageError ex) {
			instrumentation.failures.record(HOOK, ex);
			return task;
		}
	}

	/**
	 * The job name of a scheduled task: the name a user gave it, or for a
	 * {@code @Scheduled} method {@code Class.method}. Spring hands the scheduler its own
	 * wrapper of the application's task, which describes itself by what it wraps: the
	 * qualified name of a {@code @Scheduled} method, or a named task's description.
	 * @param task the task
	 * @return the name, or {@code null} when the task has none
	 */
	static @Nullable String scheduledName(Runnable task) {
		String given = JobRunner.nameOf(task);
		if (given != null) {
			return given;
		}
		if (task.getClass().getName().startsWith(SPRING_SCHEDULING)) {
			String description = task.toString();
			String named = JobRunner.nameOfDescription(description);
			return (named != null) ? named : shortMethodName(description);
		}
		return null;
	}

	/**
	 * {@code Class.method} of a qualified method name such as
	 * {@code com.example.Jobs$Nightly.scan} ({@code Nightly.scan}).
	 */
	static @Nullable String shortMethodName(String qualifiedMethodName) {
		int method = qualifiedMethodName.lastIndexOf('.');
		if (method <= 0 || method == qualifiedMethodName.length() - 1 || qualifiedMethodName.indexOf(' ') >= 0) {
			return null;
		}
		int type = Math.max(qualifiedMethodName.lastIndexOf('.', method - 1),
				qualifiedMethodName.lastIndexOf('$', method - 1));
		return qualifiedMethodName.substring(type + 1);
	}

	/**
	 * Makes the job task of a runnable or a callable.
	 */
	@FunctionalInterface
	private interface JobTaskFactory<T> {

		T create(JobInstrumentation instrumentation, T task, JobType type, boolean provisional);

	}

}
