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

	private final WarmUp warmUp = new WarmUp();

	public WarmUp getWarmUp() {
		return this.warmUp;
	}

	@Override
	public boolean supports(Class<?> type) {
		return PoolObservabilityProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		PropertyChecks.positiveDuration(errors, "warm-up.timeout",
				((PoolObservabilityProperties) target).getWarmUp().getTimeout(), "10s");
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
