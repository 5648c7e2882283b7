package dev.observability.starter.core;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

import org.jspecify.annotations.Nullable;

/**
 * A lean-path operation that has children (a service call, a job): its span, started by
 * {@link LeanOperation}, is made current in the OpenTelemetry context (so lean children
 * nest under it and Boot's MDC and baggage listeners see it, as they see any current
 * context), and this observation is made the registry's current observation, so that
 * Observation-API children ({@code @Observed} methods, statements on the Observation
 * path) find it as their parent and context propagation carries it to other threads.
 * <p>
 * Micrometer expects every scope in a thread's chain of current observations to be its
 * own {@code SimpleScope} (closing a scope walks the chain), so the hook's scope is one,
 * created through a method handle on its constructor; when that constructor cannot be
 * reached, {@link #isAvailable} is false and the integration keeps the Observation path.
 * When someone else opens a scope of this observation (context propagation does, on
 * another thread), a Micrometer observation on a private registry opens it, whose only
 * handler makes the span current there; that is built on first use only.
 * <p>
 * Its {@link Observation.Context} is only built when someone asks for it (a child
 * observation's tracing handler looks for its parent's span there): then it holds the
 * descriptor's names and key values and a {@code TracingContext} with the span. Key
 * values, a contextual name, an error or events that the application adds to the current
 * observation are recorded on the span and the meters as on the Observation path.
 * {@link #start()} and {@link #stop()} do nothing: the hook that started the operation
 * ends it, exactly once, with {@link #end}.
 */
public final class LeanObservation implements Observation {

	private final ObservationRegistry registry;

	private final LeanOperation operation;

	private final ContextFactory contextFactory;

	private final @Nullable OperationMeters meters;

	private final io.opentelemetry.context.Context otelContext;

	private final @Nullable Observation parent;

	private final HookFailures failures;

	private final String hook;

	private volatile Observation.@Nullable Context context;

	private volatile @Nullable Observation scopes;

	private Observation.@Nullable Scope registryScope;

	private io.opentelemetry.context.@Nullable Scope otelScope;

	private LeanObservation(ObservationRegistry registry, LeanOperation operation, ContextFactory contextFactory,
			@Nullable OperationMeters meters, HookFailures failures, String hook,
			io.opentelemetry.context.Context parentContext, @Nullable Observation parent) {
		this.registry = registry;
		this.operation = operation;
		this.contextFactory = contextFactory;
		this.meters = meters;
		this.failures = failures;
		this.hook = hook;
		Span span = operation.getSpan();
		this.otelContext = (span != null) ? LeanScopes.withSpan(parentContext, span) : parentContext;
		this.parent = parent;
	}

	/**
	 * Whether lean observations can be made current in a registry: Micrometer's
	 * {@code SimpleScope} constructor is reachable and the registry keeps its current
	 * scope where Micrometer's own registry does.
	 * @param registry the application's registry
	 * @return {@code true} when {@link #makeCurrent} works with it
	 */
	public static boolean isAvailable(ObservationRegistry registry) {
		return LeanScopes.isAvailable(registry);
	}

	/**
	 * Create the observation of a started operation; {@link #makeCurrent()} makes it
	 * current on the calling thread.
	 * @param registry the registry whose current observation this becomes
	 * @param operation the started operation
	 * @param contextFactory makes the operation's context when someone asks for it
	 * @param meters where the meters are recorded, or {@code null} to record none
	 * @param failures where failures of the application's additions are counted
	 * @param hook the hook's fixed name
	 * @return the observation, not yet current
	 */
	public static LeanObservation of(ObservationRegistry registry, LeanOperation operation,
			ContextFactory contextFactory, @Nullable OperationMeters meters, HookFailures failures, String hook) {
		return new LeanObservation(registry, operation, contextFactory, meters, failures, hook,
				io.opentelemetry.context.Context.current(), registry.getCurrentObservation());
	}

	/**
	 * Create the observation of an operation that runs on another thread than its parent
	 * (a job handed to an executor): its span goes into the given context, and the given
	 * observation is its parent, rather than what is current on the calling thread.
	 * @param registry the registry whose current observation this becomes
	 * @param operation the started operation, whose span's parent is in
	 * {@code parentContext}
	 * @param contextFactory makes the operation's context when someone asks for it
	 * @param meters where the meters are recorded, or {@code null} to record none
	 * @param failures where failures of the application's additions are counted
	 * @param hook the hook's fixed name
	 * @param parentContext the OpenTelemetry context the operation's span is made current
	 * in ({@link io.opentelemetry.context.Context#root()} for a new trace)
	 * @param parent the parent observation, or {@code null}
	 * @return the observation, not yet current
	 */
	public static LeanObservation of(ObservationRegistry registry, LeanOperation operation,
			ContextFactory contextFactory, @Nullable OperationMeters meters, HookFailures failures, String hook,
			io.opentelemetry.context.Context parentContext, @Nullable Observation parent) {
		return new LeanObservation(registry, operation, contextFactory, meters, failures, hook, parentContext, parent);
	}

	/**
	 * Make the operation's span current in the OpenTelemetry context and this observation
	 * the registry's current observation on the calling thread, until {@link #end}.
	 * @throws Throwable when Micrometer's scope cannot be created
	 */
	public void makeCurrent() throws Throwable {
		this.otelScope = this.otelContext.makeCurrent();
		try {
			this.registryScope = LeanScopes.registryScope(this.registry, this);
		}
		catch (Throwable ex) {
			this.otelScope.close();
			this.otelScope = null;
			throw ex;
		}
	}

	/**
	 * End the operation, with its span still current so that exemplars see it, then make
	 * the previous observation and context current again. Key values and names the
	 * application added to the observation are applied; failures are counted, never
	 * thrown.
	 * @param failure what the operation threw, or {@code null}
	 * @param errorTypes the bounded type of a failure
	 * @param exceptionMessages whether the exception's message may be recorded
	 */
	public void end(@Nullable Throwable failure, Function<Throwable, String> errorTypes, boolean exceptionMessages) {
		try {
			Observation.Context context = this.context;
			Throwable error = (failure == null && context != null) ? context.getError() : failure;
			String errorType = (error != null) ? errorTypes.apply(error) : null;
			KeyValues keyValues = (context != null) ? applyAdditions(context, errorType) : null;
			Span span = this.operation.getSpan();
			if (error == null && span != null) {
				// as Micrometer Tracing ends the spans of local observations
				span.setStatus(StatusCode.OK);
			}
			this.operation.end(this.meters, keyValues, error, errorType, exceptionMessages);
		}
		catch (Exception | LinkageError ex) {
			this.failures.record(this.hook, ex);
		}
		finally {
			closeScopes();
		}
	}

	/**
	 * The operation's span.
	 * @return the span, or {@code null} when no span is recorded
	 */
	public @Nullable Span getSpan() {
		return this.operation.getSpan();
	}

	/**
	 * The operation's descriptor.
	 * @return the descriptor
	 */
	public OperationDescriptor getDescriptor() {
		return this.operation.getDescriptor();
	}

	/**
	 * Describe the operation anew once it is known what it is; see
	 * {@link LeanOperation#describeAs}. Only the thread that runs it may call this.
	 * @param descriptor the operation's descriptor from now on
	 */
	public void describeAs(OperationDescriptor descriptor) {
		this.operation.describeAs(descriptor);
	}

	/**
	 * Make the previous observation and context current again on the calling thread,
	 * without ending the operation: for an operation that goes on after the code that
	 * started it returned (a method whose {@code CompletableFuture} completes later),
	 * which {@link #end} then ends on whatever thread it finishes.
	 */
	public void leaveScope() {
		closeScopes();
	}

	private void closeScopes() {
		Observation.Scope registryScope = this.registryScope;
		io.opentelemetry.context.Scope otelScope = this.otelScope;
		this.registryScope = null;
		this.otelScope = null;
		try {
			if (registryScope != null) {
				registryScope.close();
			}
		}
		catch (Exception | LinkageError ex) {
			this.failures.record(this.hook, ex);
		}
		finally {
			if (otelScope != null) {
				otelScope.close();
			}
		}
	}

	/**
	 * End what {@link #of} began when the operation could not be made current: the span
	 * is ended and the long-task timer sample stopped, without a timer sample.
	 */
	public void abandon() {
		try {
			closeScopes();
			this.operation.abandon();
		}
		catch (Exception | LinkageError ex) {
			this.failures.record(this.hook, ex);
		}
	}

	/**
	 * Record on the span what the application added to the context, and return the key
	 * values of the timer when they differ from the descriptor's.
	 */
	private @Nullable KeyValues applyAdditions(Observation.Context context, @Nullable String errorType) {
		OperationDescriptor descriptor = this.operation.getDescriptor();
		Span span = this.operation.getSpan();
		if (span != null) {
			String name = context.getContextualName();
			if (name != null && !name.equals(descriptor.getSpanName())) {
				span.updateName(name);
			}
			for (KeyValue keyValue : context.getAllKeyValues()) {
				if (!isDescribed(descriptor, keyValue)) {
					span.setAttribute(AttributeKey.stringKey(keyValue.getKey()), keyValue.getValue());
				}
			}
		}
		KeyValues outcome = descriptor.getLowCardinalityKeyValues(errorType);
		KeyValues keyValues = context.getLowCardinalityKeyValues().and(outcome);
		return keyValues.equals(outcome) ? null : keyValues;
	}

	/**
	 * Whether a key value of the context is one the descriptor put there (the span has it
	 * already, typed: a number stays a number).
	 */
	private static boolean isDescribed(OperationDescriptor descriptor, KeyValue keyValue) {
		for (KeyValue described : descriptor.getHighCardinalityKeyValues()) {
			if (described.equals(keyValue)) {
				return true;
			}
		}
		return keyValue.getValue().equals(descriptor.getAttributes().get(AttributeKey.stringKey(keyValue.getKey())));
	}

	@Override
	public Observation.Context getContext() {
		Observation.Context context = this.context;
		if (context == null) {
			synchronized (this) {
				context = this.context;
				if (context == null) {
					context = createContext();
					this.context = context;
				}
			}
		}
		return context;
	}

	private Observation.Context createContext() {
		OperationDescriptor descriptor = this.operation.getDescriptor();
		Observation.Context context = this.contextFactory.createContext();
		context.setName(descriptor.getMeterName());
		context.setContextualName(descriptor.getSpanName());
		context.addLowCardinalityKeyValues(descriptor.getLowCardinalityKeyValues(null));
		context.addHighCardinalityKeyValues(descriptor.getHighCardinalityKeyValues());
		context.setParentObservation(this.parent);
		Span span = this.operation.getSpan();
		if (span != null) {
			LeanScopes.attachSpan(context, span);
		}
		return context;
	}

	/**
	 * Make this operation current on the calling thread until the scope is closed, for
	 * others than the hook: context propagation on another thread, or the application.
	 * The returned scope is a Micrometer one, whose current observation stands for this
	 * one (it has the same context).
	 * @return the scope
	 */
	@Override
	public Observation.Scope openScope() {
		Observation scopes = this.scopes;
		if (scopes == null) {
			synchronized (this) {
				scopes = this.scopes;
				if (scopes == null) {
					Observation.Context context = getContext();
					scopes = LeanScopes.scopesObservation(context, this.otelContext);
					context.setParentObservation(this.parent);
					this.scopes = scopes;
				}
			}
		}
		return scopes.openScope();
	}

	@Override
	public ObservationRegistry getObservationRegistry() {
		return this.registry;
	}

	@Override
	public Observation contextualName(@Nullable String contextualName) {
		getContext().setContextualName(contextualName);
		return this;
	}

	@Override
	public Observation parentObservation(@Nullable Observation parentObservation) {
		getContext().setParentObservation(parentObservation);
		return this;
	}

	@Override
	public Observation lowCardinalityKeyValue(KeyValue keyValue) {
		getContext().addLowCardinalityKeyValue(keyValue);
		return this;
	}

	@Override
	public Observation highCardinalityKeyValue(KeyValue keyValue) {
		getContext().addHighCardinalityKeyValue(keyValue);
		return this;
	}

	/**
	 * Does nothing: the operation's names and key values were chosen when it started.
	 * @param convention ignored
	 * @return this observation
	 */
	@Override
	public Observation observationConvention(ObservationConvention<?> convention) {
		return this;
	}

	@Override
	public Observation error(Throwable error) {
		getContext().setError(error);
		return this;
	}

	@Override
	public Observation event(Event event) {
		try {
			Span span = this.operation.getSpan();
			if (span != null) {
				if (event.getWallTime() != 0) {
					span.addEvent(event.getContextualName(), event.getWallTime(), TimeUnit.MILLISECONDS);
				}
				else {
					span.addEvent(event.getContextualName());
				}
			}
			if (this.meters != null) {
				Observation.Context context = getContext();
				this.meters.counter(context.getName() + "." + event.getName(), context.getLowCardinalityKeyValues())
					.increment();
			}
		}
		catch (Exception | LinkageError ex) {
			this.failures.record(this.hook, ex);
		}
		return this;
	}

	/**
	 * Does nothing: the operation started with its hook.
	 * @return this observation
	 */
	@Override
	public Observation start() {
		return this;
	}

	/**
	 * Does nothing: the hook that started the operation ends it.
	 */
	@Override
	public void stop() {
	}

	@Override
	public String toString() {
		return "LeanObservation[" + this.operation.getDescriptor().getSpanName() + "]";
	}

	/**
	 * Makes the context of a lean operation, the same type its Observation path uses.
	 */
	@FunctionalInterface
	public interface ContextFactory {

		/**
		 * Create a context.
		 * @return a new context, without names or key values
		 */
		Observation.Context createContext();

	}

}
