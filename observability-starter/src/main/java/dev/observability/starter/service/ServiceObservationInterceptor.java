package dev.observability.starter.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import dev.observability.starter.core.HookFailures;
import dev.observability.starter.service.ServiceMethodContext.ServiceMethod;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.util.ClassUtils;

/**
 * Wraps each intercepted service call in an observation. The call always proceeds exactly
 * once: if starting, scoping or stopping the observation fails, the failure goes to
 * {@link HookFailures} and the call goes on unobserved.
 * <p>
 * The registry and convention are looked up on the first call, not when the interceptor
 * is built: advisors are created while bean post-processors are still being registered,
 * and resolving the registry that early would leave it without its handlers.
 */
public class ServiceObservationInterceptor implements MethodInterceptor {

	static final String HOOK = "service.interceptor";

	private static final ServiceObservationConvention DEFAULT_CONVENTION = new DefaultServiceObservationConvention();

	private final Supplier<ObservationRegistry> registry;

	private final Supplier<ServiceObservationConvention> convention;

	private final Map<MethodClassKey, ServiceMethod> methods = new ConcurrentHashMap<>();

	/**
	 * Create an interceptor.
	 * @param registry supplies the registry on first use
	 * @param convention supplies a custom convention on first use, or {@code null}
	 */
	public ServiceObservationInterceptor(Supplier<ObservationRegistry> registry,
			Supplier<ServiceObservationConvention> convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Observation observation = start(invocation);
		if (observation.isNoop()) {
			return invocation.proceed();
		}
		Observation.Scope scope = openScope(observation);
		Throwable failure = null;
		try {
			return invocation.proceed();
		}
		catch (Throwable ex) {
			failure = ex;
			throw ex;
		}
		finally {
			stop(observation, scope, failure);
		}
	}

	private Observation start(MethodInvocation invocation) {
		try {
			ObservationRegistry registry = this.registry.get();
			if (registry == null || registry.isNoop()) {
				return Observation.NOOP;
			}
			ServiceMethodContext context = new ServiceMethodContext(serviceMethod(invocation));
			return ServiceObservationDocumentation.SERVICE_METHOD
				.observation(this.convention.get(), DEFAULT_CONVENTION, () -> context, registry)
				.start();
		}
		catch (RuntimeException ex) {
			HookFailures.record(HOOK, ex);
			return Observation.NOOP;
		}
	}

	private ServiceMethod serviceMethod(MethodInvocation invocation) {
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? ClassUtils.getUserClass(AopUtils.getTargetClass(target))
				: invocation.getMethod().getDeclaringClass();
		return this.methods.computeIfAbsent(new MethodClassKey(invocation.getMethod(), targetClass),
				(key) -> ServiceMethod.of(targetClass, invocation.getMethod()));
	}

	private static Observation.Scope openScope(Observation observation) {
		try {
			return observation.openScope();
		}
		catch (RuntimeException ex) {
			HookFailures.record(HOOK, ex);
			return null;
		}
	}

	private static void stop(Observation observation, Observation.Scope scope, Throwable failure) {
		try {
			if (scope != null) {
				scope.close();
			}
			if (failure != null) {
				observation.error(failure);
			}
		}
		catch (RuntimeException ex) {
			HookFailures.record(HOOK, ex);
		}
		finally {
			try {
				observation.stop();
			}
			catch (RuntimeException ex) {
				HookFailures.record(HOOK, ex);
			}
		}
	}

}
