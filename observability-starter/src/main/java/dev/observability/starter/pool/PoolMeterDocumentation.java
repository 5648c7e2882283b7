package dev.observability.starter.pool;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * Meters of a HikariCP pool under OpenTelemetry's {@code db.client.connection.*} names,
 * each tagged with the pool's name. They replace Boot's {@code hikaricp.*} meters
 * (HikariCP accepts one metrics tracker per pool) unless
 * {@code observability.pool.metric-names} is {@code boot}.
 */
public enum PoolMeterDocumentation implements MeterDocumentation {

	/**
	 * Connections in the pool, by state: {@code idle} or {@code used}.
	 */
	COUNT {
		@Override
		public String getName() {
			return "db.client.connection.count";
		}

		@Override
		public String getDescription() {
			return "Connections in the pool, by state (idle or used)";
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { PoolKeyNames.POOL_NAME, PoolKeyNames.STATE };
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}
	},

	/**
	 * Most connections the pool may open.
	 */
	MAX {
		@Override
		public String getName() {
			return "db.client.connection.max";
		}

		@Override
		public String getDescription() {
			return "Most connections the pool may open (maximum-pool-size)";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}
	},

	/**
	 * Fewest idle connections the pool keeps open.
	 */
	IDLE_MIN {
		@Override
		public String getName() {
			return "db.client.connection.idle.min";
		}

		@Override
		public String getDescription() {
			return "Fewest idle connections the pool keeps open (minimum-idle)";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}
	},

	/**
	 * Threads waiting for a connection now.
	 */
	PENDING_REQUESTS {
		@Override
		public String getName() {
			return "db.client.connection.pending_requests";
		}

		@Override
		public String getDescription() {
			return "Threads waiting for a connection from the pool now";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.GAUGE;
		}
	},

	/**
	 * Requests for a connection that timed out.
	 */
	TIMEOUTS {
		@Override
		public String getName() {
			return "db.client.connection.timeouts";
		}

		@Override
		public String getDescription() {
			return "Requests for a connection that gave up after connection-timeout";
		}

		@Override
		public Meter.Type getType() {
			return Meter.Type.COUNTER;
		}
	},

	/**
	 * Time to open a new connection to the database.
	 */
	CREATE_TIME {
		@Override
		public String getName() {
			return "db.client.connection.create_time";
		}

		@Override
		public String getDescription() {
			return "Time taken to open a new connection to the database";
		}
	},

	/**
	 * Time a request waited for a connection from the pool.
	 */
	WAIT_TIME {
		@Override
		public String getName() {
			return "db.client.connection.wait_time";
		}

		@Override
		public String getDescription() {
			return "Time a request waited for a connection from the pool";
		}
	},

	/**
	 * Time a connection was used before it went back to the pool.
	 */
	USE_TIME {
		@Override
		public String getName() {
			return "db.client.connection.use_time";
		}

		@Override
		public String getDescription() {
			return "Time a connection was in use before it went back to the pool";
		}
	};

	/**
	 * One sentence on what the meter measures, which a Prometheus scrape prints as its
	 * {@code # HELP} text.
	 * @return the description
	 */
	public abstract String getDescription();

	@Override
	public Meter.Type getType() {
		return Meter.Type.TIMER;
	}

	@Override
	public KeyName[] getKeyNames() {
		return new KeyName[] { PoolKeyNames.POOL_NAME };
	}

	/**
	 * Tags of the pool meters, and the pool's attribute on statement spans.
	 */
	public enum PoolKeyNames implements KeyName {

		/**
		 * Name of the pool, HikariCP's {@code poolName}
		 * ({@code spring.datasource.hikari.pool-name}).
		 */
		POOL_NAME {
			@Override
			public String asString() {
				return "db.client.connection.pool.name";
			}
		},

		/**
		 * {@code idle} or {@code used}.
		 */
		STATE {
			@Override
			public String asString() {
				return "db.client.connection.state";
			}
		}

	}

}
