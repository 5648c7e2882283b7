package dev.observability.starter.jobs;

import java.util.concurrent.Callable;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.scheduling.TaskScheduler;

/**
 * Intercepts the task scheduler beans of the application (Boot's {@code taskScheduler},
 * the scheduler {@code @Scheduled} methods and {@code ScheduledTaskRegistrar} tasks run
 * on): a task given to a {@code schedule*} method runs as a scheduled job, each run a
 * trace of its own; a task given to {@code execute} or {@code submit*} is a job under the
 * submitting thread's span.
 */
final class JobSchedulerInterceptor implements MethodInterceptor {

	private final JobHook hook;

	private final String schedulerName;

	JobSchedulerInterceptor(JobHook hook, String schedulerName) {
		this.hook = hook;
		this.schedulerName = schedulerName;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		if (arguments.length > 0 && invocation instanceof ProxyMethodInvocation proxied) {
			Object task = arguments[0];
			String method = invocation.getMethod().getName();
			if (method.startsWith("schedule") && task instanceof Runnable runnable
					&& TaskScheduler.class.isAssignableFrom(invocation.getMethod().getDeclaringClass())) {
				proxied.setArguments(withFirst(arguments, this.hook.scheduled(runnable, this.schedulerName)));
			}
			else if ((method.equals("execute") || method.startsWith("submit")) && task instanceof Runnable runnable) {
				proxied.setArguments(withFirst(arguments, this.hook.propagating(runnable, this.schedulerName)));
			}
			else if (method.startsWith("submit") && task instanceof Callable<?> callable) {
				proxied.setArguments(withFirst(arguments, this.hook.propagating(callable, this.schedulerName)));
			}
		}
		return invocation.proceed();
	}

	private static Object[] withFirst(Object[] arguments, Object first) {
		Object[] copy = arguments.clone();
		copy[0] = first;
		return copy;
	}

}
