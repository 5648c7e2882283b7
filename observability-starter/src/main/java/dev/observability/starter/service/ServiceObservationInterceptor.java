package dev.observability.starter.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.GuardedConvention;
import dev.observability.starter.core.GuardedObservation;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.SuppressedWork;
import dev.observability.starter.service.ServiceMethodContext.ServiceMethod;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Wraps each intercepted service call in an observation, through the core's
 * {@link GuardedObservation} lifecycle. The call always proceeds exactly once: if
 * starting, scoping or stopping the observation fails, the failure is counted in
 * {@link HookFailures} and the call goes on unobserved.
 * <p>
 * Service calls are not leaves: the statements, commands and jobs they start must find
 * them as their parent, through the Observation API and through context propagation to
 * other threads. So they always take the Observation path, with their names and key
 * values computed once per method.
 * <p>
 * The registry and convention are looked up on the first call, not when the interceptor
 * is built: advisors are created while bean post-processors are still being registered,
 * and resolving the registry that early would leave it without its handlers.
 */
public class ServiceObservationInterceptor implements MethodInterceptor {

	static final String HOOK = "service";

	private static final ServiceObservationConvention DEFAULT_CONVENTION = new DefaultServiceObservationConvention();

	private final Supplier<@Nullable ObservationRegistry> registry;

	private final Supplier<@Nullable ObservationConvention<ServiceMethodContext>> convention;

	private final Supplier<HookFailures> failures;

	private final Map<MethodClassKey, ServiceMethod> methods = new ConcurrentHashMap<>();

	/**
	 * Create an interceptor.
	 * @param registry supplies the registry on first use
	 * @param convention supplies a custom convention on first use, or {@code null}
	 * @param failures supplies where hook failures are counted, on first use
	 */
	public ServiceObservationInterceptor(Supplier<@Nullable ObservationRegistry> registry,
			Supplier<@Nullable ServiceObservationConvention> convention, Supplier<HookFailures> failures) {
		this.registry = registry;
		this.failures = SingletonSupplier.of(failures);
		this.convention = SingletonSupplier
			.of(() -> GuardedConvention.of(convention.get(), DEFAULT_CONVENTION, this.failures.get(), HOOK));
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		GuardedObservation observation = start(invocation);
		if (observation == null) {
			return invocation.proceed();
		}
		try (GuardedObservation.Scope scope = observation.openScope()) {
			return invocation.proceed();
		}
		catch (Throwable ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private @Nullable GuardedObservation start(MethodInvocation invocation) {
		if (SuppressedWork.isActive()) {
			return null;
		}
		try {
			ObservationRegistry registry = this.registry.get();
			if (registry == null || registry.isNoop()) {
				return null;
			}
			ServiceMethodContext context = new ServiceMethodContext(serviceMethod(invocation));
			Observation observation = ServiceObservationDocumentation.SERVICE_METHOD.observation(this.convention.get(),
					DEFAULT_CONVENTION, () -> context, registry);
			GuardedObservation started = GuardedObservation.start(observation, this.failures.get(), HOOK);
			return started.isNoop() ? null : started;
		}
		catch (Exception | LinkageError ex) {
			this.failures.get().record(HOOK, ex);
			return null;
		}
	}

	private ServiceMethod serviceMethod(MethodInvocation invocation) {
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? ClassUtils.getUserClass(AopUtils.getTargetClass(target))
				: invocation.getMethod().getDeclaringClass();
		return this.methods.computeIfAbsent(new MethodClassKey(invocation.getMethod(), targetClass),
				(key) -> ServiceMethod.of(targetClass, invocation.getMethod()));
	}

}
