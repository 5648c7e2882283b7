package dev.observability.starter.core;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Where instrumentation hooks report their own failures. A hook that fails must never
 * fail the user's request, query or job: it catches, calls {@link #record}, and lets the
 * user's call proceed. The first failure of each hook is logged with its stack trace;
 * later ones only at debug level, so a broken hook on a hot path cannot flood the log.
 */
public final class HookFailures {

	private static final Log logger = LogFactory.getLog(HookFailures.class);

	private static final ConcurrentMap<String, LongAdder> counts = new ConcurrentHashMap<>();

	private HookFailures() {
	}

	/**
	 * Record that a hook failed.
	 * @param hook a short, fixed name of the hook (never built from request data)
	 * @param failure what it threw
	 */
	public static void record(String hook, Throwable failure) {
		try {
			LongAdder count = counts.computeIfAbsent(hook, (key) -> new LongAdder());
			count.increment();
			if (count.sum() == 1) {
				logger.warn("Observability hook '" + hook + "' failed; the application's call went on without it. "
						+ "Later failures of this hook are logged at debug level.", failure);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Observability hook '" + hook + "' failed again (" + count.sum() + " times)", failure);
			}
		}
		catch (Throwable ignored) {
			// reporting a failure must not fail either
		}
	}

	/**
	 * How many times a hook has failed since the JVM started.
	 * @param hook the hook's name
	 * @return the number of recorded failures
	 */
	public static long count(String hook) {
		LongAdder count = counts.get(hook);
		return (count != null) ? count.sum() : 0;
	}

}
