package dev.observability.starter.pool;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.observability.starter.core.PropertyChecks;

/**
 * Settings of the starter's connection pool support.
 */
@ConfigurationProperties("observability.pool")
public class PoolObservabilityProperties implements Validator {

	/**
	 * Names of the HikariCP pool meters.
	 */
	private MetricNames metricNames = MetricNames.OPENTELEMETRY;

	private final WarmUp warmUp = new WarmUp();

	private final Health health = new Health();

	public MetricNames getMetricNames() {
		return this.metricNames;
	}

	public void setMetricNames(MetricNames metricNames) {
		this.metricNames = metricNames;
	}

	public WarmUp getWarmUp() {
		return this.warmUp;
	}

	public Health getHealth() {
		return this.health;
	}

	@Override
	public boolean supports(Class<?> type) {
		return PoolObservabilityProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		PoolObservabilityProperties properties = (PoolObservabilityProperties) target;
		PropertyChecks.positiveDuration(errors, "warm-up.timeout", properties.getWarmUp().getTimeout(), "10s");
		PropertyChecks.positiveDuration(errors, "health.wait-threshold", properties.getHealth().getWaitThreshold(),
				"250ms");
		PropertyChecks.positiveDuration(errors, "health.window", properties.getHealth().getWindow(), "1m");
	}

	/**
	 * Names of the pool meters.
	 */
	public enum MetricNames {

		/**
		 * OpenTelemetry's db.client.connection.* meters, tagged with the pool name.
		 */
		OPENTELEMETRY,

		/**
		 * Boot's hikaricp.* meters, as without the starter.
		 */
		BOOT

	}

	/**
	 * The pool health contributor.
	 */
	public static class Health {

		/**
		 * Wait for a connection from which the pool is reported as degraded.
		 */
		private Duration waitThreshold = Duration.ofMillis(250);

		/**
		 * How long a long wait or a timeout keeps the pool degraded.
		 */
		private Duration window = Duration.ofMinutes(1);

		public Duration getWaitThreshold() {
			return this.waitThreshold;
		}

		public void setWaitThreshold(Duration waitThreshold) {
			this.waitThreshold = waitThreshold;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

	}

	/**
	 * Opening each pool's minimum idle connections at startup.
	 */
	public static class WarmUp {

		/**
		 * Whether each HikariCP pool opens its minimum idle connections, in parallel,
		 * once the context has started and before the application reports ready.
		 */
		private boolean enabled = true;

		/**
		 * Longest time startup waits for one pool's warm-up; connections still being
		 * opened then are returned to the pool when they arrive.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
