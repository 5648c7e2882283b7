package dev.observability.starter.core;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.ObservabilityMeterDocumentation.KeyNames;

/**
 * Where instrumentation hooks report their own failures. A hook that fails must never
 * fail the user's request, query or job: it catches, calls {@link #record}, and lets the
 * user's call proceed. Each failure increments {@code observability.hook.failures} tagged
 * with the hook's name; the first failure of each hook is logged at WARN with its stack
 * trace, later ones only at DEBUG, so a broken hook on a hot path cannot flood the log.
 * <p>
 * One instance belongs to one application context (a bean); hooks built without a context
 * use {@link #logOnly()}.
 */
public final class HookFailures {

	private static final Log logger = LogFactory.getLog(HookFailures.class);

	private final Supplier<@Nullable MeterRegistry> registry;

	private final ConcurrentMap<String, Failures> byHook = new ConcurrentHashMap<>();

	/**
	 * Create failures that are counted in a meter registry.
	 * @param registry supplies the registry when the first failure of a hook happens, or
	 * {@code null} when there is none
	 */
	public HookFailures(Supplier<@Nullable MeterRegistry> registry) {
		this.registry = registry;
	}

	/**
	 * Failures that are logged and counted in memory, but recorded in no meter.
	 * @return a new instance
	 */
	public static HookFailures logOnly() {
		return new HookFailures(() -> null);
	}

	/**
	 * Record that a hook failed.
	 * @param hook a short, fixed name of the hook (never built from request data)
	 * @param failure what it threw
	 */
	public void record(String hook, Throwable failure) {
		try {
			Failures failures = this.byHook.computeIfAbsent(hook, this::failures);
			long count = failures.count.incrementAndGet();
			if (failures.counter != null) {
				failures.counter.increment();
			}
			if (count == 1) {
				logger.warn("Observability hook '" + hook + "' failed; the application's call went on without it. "
						+ "Later failures of this hook are logged at debug level.", failure);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Observability hook '" + hook + "' failed again (" + count + " times)", failure);
			}
		}
		catch (Throwable ignored) {
			// reporting a failure must not fail either
		}
	}

	/**
	 * How many times a hook has failed since this instance was created.
	 * @param hook the hook's name
	 * @return the number of recorded failures
	 */
	public long count(String hook) {
		Failures failures = this.byHook.get(hook);
		return (failures != null) ? failures.count.get() : 0;
	}

	private Failures failures(String hook) {
		Counter counter = null;
		try {
			MeterRegistry registry = this.registry.get();
			if (registry != null) {
				counter = Counter.builder(ObservabilityMeterDocumentation.HOOK_FAILURES.getName())
					.description(ObservabilityMeterDocumentation.HOOK_FAILURES.getDescription())
					.tag(KeyNames.HOOK.asString(), hook)
					.register(registry);
			}
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Cannot register the hook failure counter for '" + hook + "'", ex);
		}
		return new Failures(counter);
	}

	private static final class Failures {

		private final AtomicLong count = new AtomicLong();

		private final @Nullable Counter counter;

		Failures(@Nullable Counter counter) {
			this.counter = counter;
		}

	}

}
