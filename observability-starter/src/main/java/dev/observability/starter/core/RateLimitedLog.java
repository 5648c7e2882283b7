package dev.observability.starter.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.commons.logging.Log;

import org.springframework.util.Assert;

/**
 * A log that writes at most one line per key per cooldown, for lines the starter writes
 * on the request path. The first line for a key is logged; repeats within the cooldown
 * are only counted, and the next line logged for that key says how many were suppressed,
 * e.g. {@code "... (12 similar lines suppressed in the last 60 s)"}.
 * <p>
 * A key is any value with {@code equals} and {@code hashCode} (a route and statement
 * pair, a descriptor, a fixed string); build it from bounded data. At most
 * {@code maxKeys} keys are tracked: beyond that, the least useful ones are evicted and
 * their pending suppressed counts are lost. A suppressed line builds no string and
 * allocates nothing: the message is a {@link Supplier} called only when the line is
 * logged. Safe for use by many threads.
 * <p>
 * Meant for N+1 findings, slow queries and export failures; no integration uses it yet.
 */
public final class RateLimitedLog {

	/**
	 * Number of keys tracked unless a constructor says otherwise.
	 */
	public static final int DEFAULT_MAX_KEYS = 1000;

	private static final long NEVER = Long.MIN_VALUE;

	private final Log log;

	private final long cooldownNanos;

	private final LongSupplier nanoTicker;

	private final Cache<Object, KeyState> keys;

	/**
	 * Create a log that tracks up to {@value #DEFAULT_MAX_KEYS} keys on the system's
	 * monotonic clock.
	 * @param log where lines are written
	 * @param cooldown how long a key stays quiet after one of its lines is logged
	 */
	public RateLimitedLog(Log log, Duration cooldown) {
		this(log, cooldown, DEFAULT_MAX_KEYS, System::nanoTime);
	}

	/**
	 * Create a log.
	 * @param log where lines are written
	 * @param cooldown how long a key stays quiet after one of its lines is logged
	 * @param maxKeys how many keys are tracked at most
	 * @param nanoTicker monotonic time in nanoseconds, {@code System::nanoTime} outside
	 * tests
	 */
	public RateLimitedLog(Log log, Duration cooldown, int maxKeys, LongSupplier nanoTicker) {
		Assert.notNull(log, "'log' must not be null");
		Assert.isTrue(cooldown != null && !cooldown.isNegative() && !cooldown.isZero(), "'cooldown' must be positive");
		Assert.isTrue(maxKeys > 0, "'maxKeys' must be positive");
		Assert.notNull(nanoTicker, "'nanoTicker' must not be null");
		this.log = log;
		this.cooldownNanos = cooldown.toNanos();
		this.nanoTicker = nanoTicker;
		// maintenance on the calling thread: eviction stays bounded without a pool
		this.keys = Caffeine.newBuilder().maximumSize(maxKeys).executor(Runnable::run).build();
	}

	/**
	 * Log a line at INFO, unless a line for the same key was logged within the cooldown.
	 * @param key what makes lines similar
	 * @param message the line, only built when it is logged
	 * @return whether the line was logged
	 */
	public boolean info(Object key, Supplier<String> message) {
		if (!this.log.isInfoEnabled()) {
			return false;
		}
		String suffix = acquire(key);
		if (suffix == null) {
			return false;
		}
		this.log.info(message.get() + suffix);
		return true;
	}

	/**
	 * Log a line at WARN, unless a line for the same key was logged within the cooldown.
	 * @param key what makes lines similar
	 * @param message the line, only built when it is logged
	 * @return whether the line was logged
	 */
	public boolean warn(Object key, Supplier<String> message) {
		return warn(key, message, null);
	}

	/**
	 * Log a line and a failure at WARN, unless a line for the same key was logged within
	 * the cooldown.
	 * @param key what makes lines similar
	 * @param message the line, only built when it is logged
	 * @param failure the failure to log with the line, or {@code null}
	 * @return whether the line was logged
	 */
	public boolean warn(Object key, Supplier<String> message, Throwable failure) {
		if (!this.log.isWarnEnabled()) {
			return false;
		}
		String suffix = acquire(key);
		if (suffix == null) {
			return false;
		}
		this.log.warn(message.get() + suffix, failure);
		return true;
	}

	/**
	 * Number of keys tracked now, after pending evictions.
	 * @return the number of keys
	 */
	long trackedKeys() {
		this.keys.cleanUp();
		return this.keys.estimatedSize();
	}

	/**
	 * Claim the right to log for a key.
	 * @return what the logged line should end with (empty when nothing was suppressed),
	 * or {@code null} when this line is suppressed
	 */
	private String acquire(Object key) {
		KeyState state = this.keys.get(key, KeyState::create);
		long now = this.nanoTicker.getAsLong();
		long last = state.lastLogged.get();
		if ((last != NEVER && now - last < this.cooldownNanos) || !state.lastLogged.compareAndSet(last, now)) {
			state.suppressed.incrementAndGet();
			return null;
		}
		long suppressed = state.suppressed.getAndSet(0);
		return (suppressed > 0 && last != NEVER) ? suppressedSuffix(suppressed, Duration.ofNanos(now - last)) : "";
	}

	private static String suppressedSuffix(long suppressed, Duration since) {
		String lines = (suppressed == 1) ? " similar line" : " similar lines";
		String period = (since.getSeconds() > 0) ? since.getSeconds() + " s" : since.toMillis() + " ms";
		return " (" + suppressed + lines + " suppressed in the last " + period + ")";
	}

	private static final class KeyState {

		private final AtomicLong lastLogged = new AtomicLong(NEVER);

		private final AtomicLong suppressed = new AtomicLong();

		private static KeyState create(Object key) {
			return new KeyState();
		}

	}

}
