package dev.observability.starter.jobs;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.Async;
import org.springframework.util.ClassUtils;

/**
 * Names the job an {@code @Async} method runs in, and tells it the method's outcome.
 * Spring's async advisor is the outermost one of an {@code @Async} bean: it hands the
 * rest of the call to the executor, where the starter's task decorator has started a job
 * named after the executor. This advisor runs first on that thread (before the service
 * span, which nests inside the job) and renames the job to {@code Class.method}. It also
 * records what the method threw, which Spring hands to its exception handler rather than
 * to the executor, and sees each attempt of a {@code @Retryable} one.
 */
final class AsyncJobAdvisor extends AbstractPointcutAdvisor {

	/**
	 * Order of the advisor: just outside the service advisor.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 999;

	private final Pointcut pointcut = new ComposablePointcut(new AnnotationMatchingPointcut(Async.class, true))
		.union(new AnnotationMatchingPointcut(null, Async.class, true));

	private final Interceptor interceptor = new Interceptor();

	AsyncJobAdvisor() {
		setOrder(ORDER);
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.interceptor;
	}

	private static final class Interceptor implements MethodInterceptor {

		private final Map<Method, String> names = new ConcurrentHashMap<>();

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			JobRun run = JobRun.current();
			if (run == null || !run.claim(invocation.getMethod(), JobKind.ASYNC, name(invocation))) {
				return invocation.proceed();
			}
			try {
				Object result = invocation.proceed();
				run.failed((result instanceof CompletableFuture<?> future && future.isCompletedExceptionally())
						? failureOf(future) : null);
				return result;
			}
			catch (Throwable ex) {
				run.failed(ex);
				throw ex;
			}
		}

		private String name(MethodInvocation invocation) {
			Method method = invocation.getMethod();
			String name = this.names.get(method);
			if (name == null) {
				Object target = invocation.getThis();
				Class<?> type = ClassUtils
					.getUserClass((target != null) ? AopUtils.getTargetClass(target) : method.getDeclaringClass());
				name = type.getSimpleName() + "." + method.getName();
				this.names.putIfAbsent(method, name);
			}
			return name;
		}

		private static Throwable failureOf(CompletableFuture<?> future) {
			try {
				future.join();
				return new IllegalStateException("completed exceptionally");
			}
			catch (RuntimeException ex) {
				return JobErrors.cause(ex);
			}
		}

	}

}
