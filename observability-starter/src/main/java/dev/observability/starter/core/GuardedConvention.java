package dev.observability.starter.core;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import org.jspecify.annotations.Nullable;

/**
 * A user's observation convention that cannot break an observation: when one of its
 * methods throws, the failure is counted and the default convention's answer is used
 * instead, so that the observation still starts and stops (its span ends, its long-task
 * timer sample stops) and the user's call proceeds.
 *
 * @param <C> the context type
 */
public final class GuardedConvention<C extends Observation.Context> implements ObservationConvention<C> {

	private final ObservationConvention<C> delegate;

	private final ObservationConvention<C> fallback;

	private final HookFailures failures;

	private final String hook;

	private GuardedConvention(ObservationConvention<C> delegate, ObservationConvention<C> fallback,
			HookFailures failures, String hook) {
		this.delegate = delegate;
		this.fallback = fallback;
		this.failures = failures;
		this.hook = hook;
	}

	/**
	 * Guard a user's convention.
	 * @param <C> the context type
	 * @param convention the user's convention, or {@code null}
	 * @param fallback the default convention
	 * @param failures where failures are counted
	 * @param hook the hook's name
	 * @return the guarded convention, or {@code null} when there is no user convention
	 */
	public static <C extends Observation.Context> @Nullable ObservationConvention<C> of(
			@Nullable ObservationConvention<C> convention, ObservationConvention<C> fallback, HookFailures failures,
			String hook) {
		return (convention != null) ? new GuardedConvention<>(convention, fallback, failures, hook) : null;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(C context) {
		try {
			return this.delegate.getLowCardinalityKeyValues(context);
		}
		catch (Exception | LinkageError ex) {
			this.failures.record(this.hook, ex);
			return this.fallback.getLowCardinalityKeyValues(context);
		}
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(C context) {
		try {
			return this.delegate.getHighCardinalityKeyValues(context);
		}
		catch (Exception | LinkageError ex) {
			this.failures.record(this.hook, ex);
			return this.fallback.getHighCardinalityKeyValues(context);
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		try {
			return this.delegate.supportsContext(context);
		}
		catch (Exception | LinkageError ex) {
			this.failures.record(this.hook, ex);
			return this.fallback.supportsContext(context);
		}
	}

	@Override
	public @Nullable String getName() {
		try {
			return this.delegate.getName();
		}
		catch (Exception | LinkageError ex) {
			this.failures.record(this.hook, ex);
			return this.fallback.getName();
		}
	}

	@Override
	public @Nullable String getContextualName(C context) {
		try {
			return this.delegate.getContextualName(context);
		}
		catch (Exception | LinkageError ex) {
			this.failures.record(this.hook, ex);
			return this.fallback.getContextualName(context);
		}
	}

}
