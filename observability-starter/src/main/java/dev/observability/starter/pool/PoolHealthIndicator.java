package dev.observability.starter.pool;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.zaxxer.hikari.metrics.PoolStats;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code pool} health contributor: per HikariCP pool, its active, idle, pending and
 * maximum connections, and status {@code DEGRADED} while requests recently waited longer
 * than the threshold for a connection or timed out. Boot's default status order does not
 * know {@code DEGRADED}, so the application's overall status stays as the other
 * contributors say: a busy pool is a warning, not a reason to restart or to stop routing
 * traffic. It belongs in no health group by default (not liveness).
 */
final class PoolHealthIndicator extends AbstractHealthIndicator {

	/**
	 * Status of a pool whose requests recently waited long for a connection.
	 */
	static final Status DEGRADED = new Status("DEGRADED", "requests waited for a connection recently");

	private final PoolSaturation saturation;

	PoolHealthIndicator(PoolSaturation saturation) {
		super("Pool health check failed");
		this.saturation = saturation;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean degraded = false;
		Map<String, Object> pools = new LinkedHashMap<>();
		for (Map.Entry<String, PoolSaturation.Pool> entry : this.saturation.pools().entrySet()) {
			PoolSaturation.Pool pool = entry.getValue();
			PoolStats stats = pool.stats();
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("active", stats.getActiveConnections());
			details.put("idle", stats.getIdleConnections());
			details.put("pending", stats.getPendingThreads());
			details.put("max", stats.getMaxConnections());
			Duration wait = pool.recentLongWait();
			boolean timedOut = pool.recentTimeout();
			if (wait != null || timedOut) {
				degraded = true;
				details.put("status", DEGRADED.getCode());
				details.put("reason", reason(wait, timedOut));
			}
			else {
				details.put("status", Status.UP.getCode());
			}
			pools.put(entry.getKey(), details);
		}
		builder.status(degraded ? DEGRADED : Status.UP).withDetail("pools", pools);
	}

	private String reason(Duration wait, boolean timedOut) {
		String window = " in the last " + this.saturation.window().toSeconds() + " s";
		if (timedOut) {
			return "a request for a connection timed out" + window;
		}
		return "a request waited " + wait.toMillis() + " ms for a connection" + window + " (threshold "
				+ this.saturation.waitThreshold().toMillis() + " ms)";
	}

}
