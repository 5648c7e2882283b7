package dev.observability.starter.redis;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * Meters of the Redis integration besides the command timer.
 */
public enum RedisMeterDocumentation implements MeterDocumentation {

	/**
	 * Connection events of the Redis client, by {@code event}: {@code connected},
	 * {@code disconnected}, {@code reconnect_attempt}, {@code reconnect_failed}.
	 */
	CONNECTION_EVENTS {
		@Override
		public String getName() {
			return "observability.redis.connection.events";
		}

		@Override
		public String getDescription() {
			return "Connection events of the Redis client, by event: connected, disconnected, reconnect attempt or failure";
		}

		@Override
		public KeyName[] getKeyNames() {
			return ConnectionEventKeyNames.values();
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}
	};

	/**
	 * One sentence on what the meter measures, which a Prometheus scrape prints as its
	 * {@code # HELP} text.
	 * @return the description
	 */
	public abstract String getDescription();

	/**
	 * Keys of {@link #CONNECTION_EVENTS}.
	 */
	public enum ConnectionEventKeyNames implements KeyName {

		/**
		 * What happened to a connection.
		 */
		EVENT {
			@Override
			public String asString() {
				return "event";
			}
		}

	}

}
