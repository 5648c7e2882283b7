package dev.observability.starter.service;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.opentelemetry.api.common.Attributes;
import io.micrometer.observation.ObservationRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.GuardedObservation;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.LeanObservation;
import dev.observability.starter.core.LeanOperation;
import dev.observability.starter.core.LeanPathDecision;
import dev.observability.starter.core.ObservabilityProperties;
import dev.observability.starter.core.SuppressedWork;
import dev.observability.starter.service.ServiceMethodContext.ServiceMethod;

import org.springframework.aop.support.AopUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Wraps each intercepted service call in a span and a timer sample. The call always
 * proceeds exactly once: if starting, scoping or ending the recording fails, the failure
 * is counted in {@link HookFailures} and the call goes on unobserved.
 * <p>
 * Service calls are not leaves: the statements, commands and jobs they start must find
 * them as their parent, through the OpenTelemetry context, through the Observation API
 * and through context propagation to other threads. When nothing customises service
 * observations (see {@link LeanPathDecision}), a call takes the lean path: its span is
 * started on the OpenTelemetry tracer from the method's prebuilt attributes and made
 * current together with a {@link LeanObservation} in the registry. Otherwise it takes the
 * Observation path through {@link GuardedObservation}, so that the application's
 * convention, filters and handlers see every call. Names and key values are computed once
 * per method either way.
 * <p>
 * What the hook needs is looked up on the first call, not when the interceptor is built:
 * advisors are created while bean post-processors are still being registered, and
 * resolving the registry that early would leave it without its handlers.
 */
public class ServiceObservationInterceptor implements MethodInterceptor {

	static final String HOOK = "service";

	private final Supplier<@Nullable ServiceInstrumentation> instrumentation;

	private final Map<Class<?>, Map<Method, ServiceMethod>> methods = new ConcurrentHashMap<>();

	private final HookFailures unresolvedFailures = HookFailures.logOnly();

	/**
	 * Create an interceptor that records every call through the Observation API.
	 * @param registry supplies the registry on first use
	 * @param convention supplies a custom convention on first use, or {@code null}
	 * @param failures supplies where hook failures are counted, on first use
	 */
	public ServiceObservationInterceptor(Supplier<@Nullable ObservationRegistry> registry,
			Supplier<@Nullable ServiceObservationConvention> convention, Supplier<HookFailures> failures) {
		this(() -> {
			ObservationRegistry resolved = registry.get();
			ServiceObservabilityProperties properties = new ServiceObservabilityProperties();
			properties.setLeanPath(false);
			return (resolved != null) ? new ServiceInstrumentation(resolved, failures.get(), convention.get(), null,
					null, properties, new ObservabilityProperties().isRecordExceptionMessages()) : null;
		});
	}

	ServiceObservationInterceptor(Supplier<@Nullable ServiceInstrumentation> instrumentation) {
		this.instrumentation = SingletonSupplier.of(instrumentation);
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (SuppressedWork.isActive()) {
			return invocation.proceed();
		}
		ServiceInstrumentation instrumentation = instrumentation();
		if (instrumentation == null || instrumentation.path == LeanPathDecision.Path.OFF) {
			return invocation.proceed();
		}
		if (instrumentation.path == LeanPathDecision.Path.LEAN) {
			return invokeLean(invocation, instrumentation);
		}
		return invokeObserved(invocation, instrumentation);
	}

	private @Nullable Object invokeLean(MethodInvocation invocation, ServiceInstrumentation instrumentation)
			throws Throwable {
		LeanObservation observation = null;
		try {
			ServiceMethod method = serviceMethod(invocation);
			LeanOperation operation = LeanOperation.start(method.descriptor(), instrumentation.tracer,
					instrumentation.meters, Attributes.empty());
			observation = LeanObservation.of(instrumentation.registry, operation, method, instrumentation.meters,
					instrumentation.failures, HOOK);
			observation.makeCurrent();
		}
		catch (Throwable ex) {
			instrumentation.failures.record(HOOK, ex);
			if (observation != null) {
				observation.abandon();
			}
			return invocation.proceed();
		}
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			observation.end(ex, ServiceObservationInterceptor::errorType, instrumentation.exceptionMessages);
			throw ex;
		}
		if (result instanceof CompletionStage<?> stage && !isDone(stage)) {
			// the call goes on after the method returned: its span ends with the future
			LeanObservation pending = observation;
			pending.leaveScope();
			try {
				stage.whenComplete((value, failure) -> pending.end(unwrap(failure),
						ServiceObservationInterceptor::errorType, instrumentation.exceptionMessages));
			}
			catch (RuntimeException | LinkageError ex) {
				instrumentation.failures.record(HOOK, ex);
				pending.end(null, ServiceObservationInterceptor::errorType, instrumentation.exceptionMessages);
			}
			return result;
		}
		observation.end(failureOf(result), ServiceObservationInterceptor::errorType, instrumentation.exceptionMessages);
		return result;
	}

	private @Nullable Object invokeObserved(MethodInvocation invocation, ServiceInstrumentation instrumentation)
			throws Throwable {
		GuardedObservation observation = start(invocation, instrumentation);
		if (observation == null) {
			return invocation.proceed();
		}
		Object result;
		try (GuardedObservation.Scope scope = observation.openScope()) {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		if (result instanceof CompletionStage<?> stage && !isDone(stage)) {
			try {
				stage.whenComplete((value, failure) -> {
					Throwable cause = unwrap(failure);
					if (cause != null) {
						observation.error(cause);
					}
					observation.stop();
				});
			}
			catch (RuntimeException | LinkageError ex) {
				instrumentation.failures.record(HOOK, ex);
				observation.stop();
			}
			return result;
		}
		Throwable failure = failureOf(result);
		if (failure != null) {
			observation.error(failure);
		}
		observation.stop();
		return result;
	}

	/**
	 * Whether a future the method returned has completed; a stage that is not a
	 * {@code Future} counts as pending.
	 */
	private static boolean isDone(CompletionStage<?> stage) {
		return (stage instanceof Future<?> future) && future.isDone();
	}

	/**
	 * What a completed future the method returned failed with, or {@code null}.
	 */
	private static @Nullable Throwable failureOf(@Nullable Object result) {
		if (result instanceof CompletableFuture<?> future && future.isCompletedExceptionally()) {
			try {
				future.join();
			}
			catch (CancellationException ex) {
				return ex;
			}
			catch (CompletionException ex) {
				return unwrap(ex);
			}
		}
		return null;
	}

	private static @Nullable Throwable unwrap(@Nullable Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

	private @Nullable GuardedObservation start(MethodInvocation invocation, ServiceInstrumentation instrumentation) {
		try {
			ServiceMethodContext context = new ServiceMethodContext(serviceMethod(invocation));
			Observation observation = ServiceObservationDocumentation.SERVICE_METHOD.observation(
					instrumentation.convention, ServiceInstrumentation.defaultConvention(), () -> context,
					instrumentation.registry);
			GuardedObservation started = GuardedObservation.start(observation, instrumentation.failures, HOOK);
			return started.isNoop() ? null : started;
		}
		catch (Exception | LinkageError ex) {
			instrumentation.failures.record(HOOK, ex);
			return null;
		}
	}

	/**
	 * The path calls take, decided on the first call.
	 * @return the path
	 */
	LeanPathDecision.Path path() {
		ServiceInstrumentation instrumentation = instrumentation();
		return (instrumentation != null) ? instrumentation.path : LeanPathDecision.Path.OFF;
	}

	/**
	 * Which path calls take and why, decided on the first call.
	 * @return the decision, or {@code null} when there is no observation registry
	 */
	@Nullable LeanPathDecision decision() {
		ServiceInstrumentation instrumentation = instrumentation();
		return (instrumentation != null) ? instrumentation.decision : null;
	}

	private @Nullable ServiceInstrumentation instrumentation() {
		try {
			ServiceInstrumentation instrumentation = this.instrumentation.get();
			return (instrumentation == null || instrumentation.registry.isNoop()) ? null : instrumentation;
		}
		catch (Exception | LinkageError ex) {
			this.unresolvedFailures.record(HOOK, ex);
			return null;
		}
	}

	/**
	 * The names of the called method, resolved once per target class and method: the
	 * per-call lookups are two identity-keyed map reads, without allocation.
	 */
	private ServiceMethod serviceMethod(MethodInvocation invocation) {
		Object target = invocation.getThis();
		Method method = invocation.getMethod();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
		Map<Method, ServiceMethod> byMethod = this.methods.get(targetClass);
		if (byMethod == null) {
			byMethod = this.methods.computeIfAbsent(targetClass, (type) -> new ConcurrentHashMap<>());
		}
		ServiceMethod serviceMethod = byMethod.get(method);
		if (serviceMethod == null) {
			Class<?> userClass = ClassUtils.getUserClass(targetClass);
			serviceMethod = byMethod.computeIfAbsent(method, (key) -> ServiceMethod.of(userClass, key));
		}
		return serviceMethod;
	}

	private static String errorType(Throwable failure) {
		return failure.getClass().getName();
	}

}
