package dev.observability.starter.pool;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import com.zaxxer.hikari.metrics.PoolStats;
import org.jspecify.annotations.Nullable;

/**
 * How saturated each pool has been recently: when a request last waited longer than
 * {@code observability.pool.health.wait-threshold} for a connection, and when one last
 * timed out. The pool health contributor reports a pool as degraded while either happened
 * within {@code observability.pool.health.window}. Recording costs a comparison per
 * connection checkout, and a volatile write only when the wait was long.
 */
final class PoolSaturation {

	private final Map<String, Pool> pools = new ConcurrentHashMap<>();

	private final long waitThresholdNanos;

	private final long windowNanos;

	private final LongSupplier nanoTicker;

	PoolSaturation(Duration waitThreshold, Duration window, LongSupplier nanoTicker) {
		this.waitThresholdNanos = waitThreshold.toNanos();
		this.windowNanos = window.toNanos();
		this.nanoTicker = nanoTicker;
	}

	Pool register(String name, PoolStats stats) {
		Pool pool = new Pool(name, stats);
		this.pools.put(name, pool);
		return pool;
	}

	Map<String, Pool> pools() {
		return this.pools;
	}

	Duration waitThreshold() {
		return Duration.ofNanos(this.waitThresholdNanos);
	}

	Duration window() {
		return Duration.ofNanos(this.windowNanos);
	}

	/**
	 * One pool's recent saturation.
	 */
	final class Pool {

		private static final long NEVER = Long.MIN_VALUE;

		private final String name;

		private final PoolStats stats;

		private volatile long lastLongWait = NEVER;

		private volatile long longestRecentWait;

		private volatile long lastTimeout = NEVER;

		private Pool(String name, PoolStats stats) {
			this.name = name;
			this.stats = stats;
		}

		void waited(long nanos) {
			if (nanos >= PoolSaturation.this.waitThresholdNanos) {
				long now = PoolSaturation.this.nanoTicker.getAsLong();
				this.longestRecentWait = (recent(this.lastLongWait, now)) ? Math.max(this.longestRecentWait, nanos)
						: nanos;
				this.lastLongWait = now;
			}
		}

		void timedOut() {
			this.lastTimeout = PoolSaturation.this.nanoTicker.getAsLong();
		}

		void close() {
			PoolSaturation.this.pools.remove(this.name, this);
		}

		PoolStats stats() {
			return this.stats;
		}

		/**
		 * The longest wait over the threshold within the window.
		 * @return the wait, or {@code null} when no request waited that long recently
		 */
		@Nullable Duration recentLongWait() {
			return recent(this.lastLongWait, PoolSaturation.this.nanoTicker.getAsLong())
					? Duration.ofNanos(this.longestRecentWait) : null;
		}

		boolean recentTimeout() {
			return recent(this.lastTimeout, PoolSaturation.this.nanoTicker.getAsLong());
		}

		private boolean recent(long at, long now) {
			return at != NEVER && now - at <= PoolSaturation.this.windowNanos;
		}

	}

}
