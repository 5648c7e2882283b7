package dev.observability.starter.jobs;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Counts the tasks an executor rejects in {@code executor.rejected}, and in
 * {@code job.outcomes} with outcome {@code rejected} when the task was a job; the
 * rejection itself is left to the executor's own policy, so the caller sees exactly what
 * it would without the starter.
 */
final class RejectionCounting implements RejectedExecutionHandler {

	private final JobHook hook;

	private final String executorName;

	private final @Nullable RejectedExecutionHandler policy;

	private volatile @Nullable Counter rejected;

	RejectionCounting(JobHook hook, String executorName, @Nullable RejectedExecutionHandler policy) {
		this.hook = hook;
		this.executorName = executorName;
		this.policy = policy;
	}

	/**
	 * Count rejections of a thread pool from now on.
	 * @param hook the job hook
	 * @param executorName the executor's bean name
	 * @param pool the pool
	 */
	static void install(JobHook hook, String executorName, ThreadPoolExecutor pool) {
		RejectedExecutionHandler policy = pool.getRejectedExecutionHandler();
		if (!(policy instanceof RejectionCounting)) {
			pool.setRejectedExecutionHandler(new RejectionCounting(hook, executorName, policy));
		}
	}

	@Override
	public void rejectedExecution(Runnable task, ThreadPoolExecutor executor) {
		count(task);
		if (this.policy != null) {
			this.policy.rejectedExecution(task, executor);
		}
		else {
			throw new RejectedExecutionException("Task " + task + " rejected from " + executor);
		}
	}

	/**
	 * Count a rejected task.
	 * @param task the task as the executor received it
	 */
	void count(Object task) {
		try {
			Counter counter = this.rejected;
			if (counter == null) {
				JobInstrumentation instrumentation = this.hook.instrumentation();
				MeterRegistry registry = (instrumentation != null) ? instrumentation.meterRegistry : null;
				if (registry == null) {
					return;
				}
				counter = Counter.builder(JobObservationDocumentation.EXECUTOR_REJECTED)
					.description("Tasks the executor rejected")
					.tag(JobObservationDocumentation.MeterKeyNames.EXECUTOR_NAME.asString(), this.executorName)
					.register(registry);
				this.rejected = counter;
			}
			counter.increment();
			if (task instanceof JobTask job) {
				job.rejected();
			}
		}
		catch (RuntimeException | LinkageError ex) {
			JobInstrumentation instrumentation = this.hook.instrumentation();
			if (instrumentation != null) {
				instrumentation.failures.record(JobHook.HOOK, ex);
			}
		}
	}

}
