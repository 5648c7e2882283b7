package dev.observability.starter.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.ContextKey;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * What makes a {@link LeanObservation} current the way Micrometer and its OpenTelemetry
 * bridge expect, reached where they keep it private: Micrometer's {@code SimpleScope}
 * (closing a scope walks a thread's chain of scopes and expects only those), the key
 * under which the bridge keeps the trace context of its own scopes, and where Micrometer
 * Tracing's handlers look for a parent observation's span. {@link #isAvailable} is false
 * when any of them cannot be reached, and integrations then keep the Observation path.
 */
final class LeanScopes {

	private static final String SIMPLE_REGISTRY = "io.micrometer.observation.SimpleObservationRegistry";

	/**
	 * Opens the scopes others ask for; Micrometer's registries share the current scope of
	 * a thread, so observations of this registry are current in the application's too.
	 */
	private static final ObservationRegistry SCOPES_REGISTRY = ObservationRegistry.create();

	static {
		SCOPES_REGISTRY.observationConfig().observationHandler(new OtelContextScopesHandler());
	}

	private static final boolean TRACING_BRIDGE_PRESENT = ClassUtils
		.isPresent("io.micrometer.tracing.otel.bridge.OtelSpan", LeanScopes.class.getClassLoader());

	private LeanScopes() {
	}

	static boolean isAvailable(ObservationRegistry registry) {
		return SimpleScopes.CONSTRUCTOR != null && registry.getClass().getName().equals(SIMPLE_REGISTRY)
				&& (!TRACING_BRIDGE_PRESENT || BridgeContext.KEY != null);
	}

	/**
	 * Make an observation the registry's current one through Micrometer's own scope.
	 * @param registry the registry
	 * @param observation the observation
	 * @return the scope, current until closed
	 * @throws Throwable when the scope cannot be created
	 */
	static Observation.Scope registryScope(ObservationRegistry registry, Observation observation) throws Throwable {
		MethodHandle constructor = SimpleScopes.CONSTRUCTOR;
		if (constructor == null) {
			throw new IllegalStateException("Micrometer's SimpleScope cannot be created");
		}
		return (Observation.Scope) constructor.invokeExact(registry, observation);
	}

	/**
	 * The OpenTelemetry context with a span current in it, for the bridge too.
	 * @param current the current context
	 * @param span the span
	 * @return the context with the span
	 */
	static io.opentelemetry.context.Context withSpan(io.opentelemetry.context.Context current, Span span) {
		return BridgeContext.withSpan(current, span);
	}

	/**
	 * Put a span where Micrometer Tracing's handlers look for a parent observation's
	 * span.
	 * @param context the observation's context
	 * @param span the span
	 */
	static void attachSpan(Observation.Context context, Span span) {
		if (TRACING_BRIDGE_PRESENT) {
			TracingBridge.attach(context, span);
		}
	}

	/**
	 * An observation of the private registry that, while a scope of it is open, makes an
	 * OpenTelemetry context current.
	 * @param context the observation's context, shared with the lean observation
	 * @param otelContext the OpenTelemetry context
	 * @return the observation, whose scopes others may open on any thread
	 */
	static Observation scopesObservation(Observation.Context context, io.opentelemetry.context.Context otelContext) {
		context.put(OtelContextScopes.class, new OtelContextScopes(otelContext));
		return Observation.createNotStarted(context.getName(), () -> context, SCOPES_REGISTRY);
	}

	/**
	 * Puts the span where Micrometer Tracing's handlers look for a parent observation's
	 * span; only loaded when the bridge is present.
	 */
	private static final class TracingBridge {

		static void attach(Observation.Context context, Span span) {
			TracingContext tracing = new TracingContext();
			tracing.setSpan(OtelSpan.fromOtel(span));
			context.put(TracingContext.class, tracing);
		}

	}

	/**
	 * Micrometer Tracing keeps the trace context of the scope it opened in the
	 * OpenTelemetry context, under a key of its own, and reads it before the current
	 * span: a span made current below such a scope must clear that entry, or the bridge's
	 * tracer would still report the outer span as current.
	 */
	private static final class BridgeContext {

		private static final @Nullable ContextKey<Object> KEY = key();

		@SuppressWarnings("unchecked")
		private static @Nullable ContextKey<Object> key() {
			if (!TRACING_BRIDGE_PRESENT) {
				return null;
			}
			try {
				Field field = ReflectionUtils
					.findField(Class.forName("io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext", false,
							LeanScopes.class.getClassLoader()), "OTEL_CONTEXT_KEY");
				if (field == null) {
					return null;
				}
				ReflectionUtils.makeAccessible(field);
				return (ContextKey<Object>) field.get(null);
			}
			catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
				return null;
			}
		}

		static io.opentelemetry.context.Context withSpan(io.opentelemetry.context.Context current, Span span) {
			io.opentelemetry.context.Context context = current.with(span);
			ContextKey<Object> key = KEY;
			return (key != null && context.get(key) != null) ? context.with(key, null) : context;
		}

	}

	/**
	 * Micrometer's {@code SimpleScope} constructor, when it can be reached.
	 */
	private static final class SimpleScopes {

		private static final @Nullable MethodHandle CONSTRUCTOR = constructor();

		private static @Nullable MethodHandle constructor() {
			try {
				Class<?> type = Class.forName("io.micrometer.observation.SimpleObservation$SimpleScope", false,
						Observation.class.getClassLoader());
				MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
				return lookup
					.findConstructor(type,
							MethodType.methodType(void.class, ObservationRegistry.class, Observation.class))
					.asType(MethodType.methodType(Observation.Scope.class, ObservationRegistry.class,
							Observation.class));
			}
			catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
				return null;
			}
		}

	}

	/**
	 * The OpenTelemetry context of a lean operation and the scopes opened with it, per
	 * thread, by {@link OtelContextScopesHandler}.
	 */
	private static final class OtelContextScopes {

		private final io.opentelemetry.context.Context context;

		private final Map<Thread, Deque<io.opentelemetry.context.Scope>> scopes = new ConcurrentHashMap<>();

		OtelContextScopes(io.opentelemetry.context.Context context) {
			this.context = context;
		}

		void open() {
			this.scopes.computeIfAbsent(Thread.currentThread(), (thread) -> new ArrayDeque<>())
				.push(this.context.makeCurrent());
		}

		void close() {
			Deque<io.opentelemetry.context.Scope> opened = this.scopes.get(Thread.currentThread());
			if (opened != null && !opened.isEmpty()) {
				opened.pop().close();
				if (opened.isEmpty()) {
					this.scopes.remove(Thread.currentThread());
				}
			}
		}

	}

	/**
	 * The only handler of the private registry: makes a lean operation's OpenTelemetry
	 * context current while a scope of it is open.
	 */
	private static final class OtelContextScopesHandler implements ObservationHandler<Observation.Context> {

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context.get(OtelContextScopes.class) != null;
		}

		@Override
		public void onScopeOpened(Observation.Context context) {
			context.<OtelContextScopes>getRequired(OtelContextScopes.class).open();
		}

		@Override
		public void onScopeClosed(Observation.Context context) {
			context.<OtelContextScopes>getRequired(OtelContextScopes.class).close();
		}

	}

}
