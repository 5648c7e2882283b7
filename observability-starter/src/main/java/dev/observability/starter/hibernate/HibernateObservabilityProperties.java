package dev.observability.starter.hibernate;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the starter's Hibernate support.
 */
@ConfigurationProperties("observability.hibernate")
public class HibernateObservabilityProperties {

	private final Statistics statistics = new Statistics();

	public Statistics getStatistics() {
		return this.statistics;
	}

	/**
	 * Meters read from Hibernate's statistics.
	 */
	public static class Statistics {

		/**
		 * Whether Hibernate's statistics are switched on and read into second-level and
		 * query cache counters and per-entity and per-role load and fetch counters.
		 * Hibernate then counts on every operation of every session.
		 */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
