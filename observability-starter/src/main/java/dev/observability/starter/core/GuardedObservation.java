package dev.observability.starter.core;

import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The one lifecycle every hook uses on the Observation path: start → (scope) → error →
 * stop. Every step catches {@code Exception | LinkageError}, counts it in
 * {@link HookFailures} and lets the user's call go on. Stopping happens at most once and
 * may happen on another thread than starting (a reply on an event loop, a job on an
 * executor).
 * <p>
 * When a user's filter or handler throws while the observation starts or stops, what the
 * starter's own and Boot's handlers already began is ended anyway: the span is ended and
 * the long-task timer sample stopped. Nothing stays "active" and the user's call
 * succeeds.
 */
public final class GuardedObservation {

	private static final boolean TRACING_PRESENT = ClassUtils.isPresent(
			"io.micrometer.tracing.handler.TracingObservationHandler", GuardedObservation.class.getClassLoader());

	private static final GuardedObservation NOOP = new GuardedObservation(Observation.NOOP, HookFailures.logOnly(),
			"noop");

	private final Observation observation;

	private final HookFailures failures;

	private final String hook;

	private final AtomicBoolean stopped = new AtomicBoolean();

	private GuardedObservation(Observation observation, HookFailures failures, String hook) {
		this.observation = observation;
		this.failures = failures;
		this.hook = hook;
	}

	/**
	 * Start an observation.
	 * @param observation the observation, not yet started
	 * @param failures where failures are counted
	 * @param hook the hook's fixed name
	 * @return the started observation, or one that does nothing when starting failed
	 */
	public static GuardedObservation start(Observation observation, HookFailures failures, String hook) {
		try {
			observation.start();
			return new GuardedObservation(observation, failures, hook);
		}
		catch (Exception | LinkageError ex) {
			failures.record(hook, ex);
			abandon(observation, failures, hook);
			return NOOP;
		}
	}

	/**
	 * Whether this observation records nothing (disabled by a predicate, or failed to
	 * start).
	 * @return {@code true} when nothing is recorded
	 */
	public boolean isNoop() {
		return this.observation.isNoop();
	}

	public Observation getObservation() {
		return this.observation;
	}

	/**
	 * Make the observation current on this thread until the scope is closed.
	 * @return the scope, which never throws when closed
	 */
	public Scope openScope() {
		if (this.observation.isNoop()) {
			return NoScope.INSTANCE;
		}
		ObservationRegistry registry = this.observation.getObservationRegistry();
		Observation.Scope previous = registry.getCurrentObservationScope();
		try {
			return new GuardedScope(this.observation.openScope(), this.failures, this.hook);
		}
		catch (Exception | LinkageError ex) {
			this.failures.record(this.hook, ex);
			registry.setCurrentObservationScope(previous);
			return NoScope.INSTANCE;
		}
	}

	/**
	 * Record a failure of the observed call.
	 * @param failure what the call threw
	 */
	public void error(Throwable failure) {
		if (this.observation.isNoop()) {
			return;
		}
		try {
			this.observation.error(failure);
		}
		catch (Exception | LinkageError ex) {
			this.failures.record(this.hook, ex);
		}
	}

	/**
	 * Stop the observation; later calls do nothing.
	 */
	public void stop() {
		if (this.observation.isNoop() || !this.stopped.compareAndSet(false, true)) {
			return;
		}
		try {
			this.observation.stop();
		}
		catch (Exception | LinkageError ex) {
			this.failures.record(this.hook, ex);
			abandon(this.observation, this.failures, this.hook);
		}
	}

	private static void abandon(Observation observation, HookFailures failures, String hook) {
		try {
			Observation.Context context = (Observation.Context) observation.getContextView();
			CachingMeterObservationHandler.abandon(context);
			if (TRACING_PRESENT) {
				TracingContext tracing = context.get(TracingContext.class);
				Span span = (tracing != null) ? tracing.getSpan() : null;
				if (span != null) {
					span.end();
				}
			}
		}
		catch (Exception | LinkageError ex) {
			failures.record(hook, ex);
		}
	}

	/**
	 * A scope that never throws when closed.
	 */
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

	private record GuardedScope(Observation.Scope scope, HookFailures failures, String hook) implements Scope {

		@Override
		public void close() {
			try {
				this.scope.close();
			}
			catch (Exception | LinkageError ex) {
				this.failures.record(this.hook, ex);
			}
		}

	}

	private enum NoScope implements Scope {

		INSTANCE;

		@Override
		public void close() {
		}

	}

}
