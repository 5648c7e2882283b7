package dev.observability.starter.redis;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

import dev.observability.starter.core.ObservationMeterFilters;

/**
 * The Redis command observation: its name, and the keys of its spans and meters.
 */
public enum RedisObservationDocumentation implements ObservationDocumentation {

	/**
	 * One Redis command sent through Lettuce. The timer is
	 * {@code db.client.operation.duration} in seconds, shared with SQL statements and
	 * told apart by {@code db.system.name=redis}; the span is a CLIENT span named after
	 * the command ({@code GET}, {@code HSET}).
	 */
	COMMAND {

		@Override
		public String getName() {
			return "db.client.operation.duration";
		}

		@Override
		public String getMeasuredOperations() {
			return ObservationMeterFilters.DATABASE_CLIENT_OPERATIONS;
		}

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultRedisObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	};

	/**
	 * What one observation measures, in the plural: the subject of the descriptions of
	 * the meters Micrometer derives from it (see
	 * {@link ObservationMeterFilters#withDescriptions(String, String)}).
	 * @return a noun phrase, e.g. {@code calls of public methods of @Service beans}
	 */
	public abstract String getMeasuredOperations();

	/**
	 * Keys on both spans and meters; their values come from a bounded set. They are the
	 * keys SQL statements have, so that one timer name holds both.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * Always {@code redis}.
		 */
		DB_SYSTEM_NAME {
			@Override
			public String asString() {
				return "db.system.name";
			}
		},

		/**
		 * Database index the connection was opened on ({@code 0} unless configured).
		 */
		DB_NAMESPACE {
			@Override
			public String asString() {
				return "db.namespace";
			}
		},

		/**
		 * The command ({@code GET}, {@code HSET}, ...).
		 */
		DB_OPERATION_NAME {
			@Override
			public String asString() {
				return "db.operation.name";
			}
		},

		/**
		 * The configured key pattern ({@code observability.redis.key-patterns}) the
		 * command's first key matched, {@code _OTHER} when it matched none, or
		 * {@code none} for a command without a key.
		 */
		DB_COLLECTION_NAME {
			@Override
			public String asString() {
				return "db.collection.name";
			}
		},

		/**
		 * The failure: the prefix of the server's error ({@code WRONGTYPE},
		 * {@code NOAUTH}, {@code ERR}, ...), {@code connection_failure}, {@code timeout},
		 * {@code cancelled}, otherwise the exception class; {@code none} on success.
		 */
		ERROR_TYPE {
			@Override
			public String asString() {
				return "error.type";
			}
		}

	}

	/**
	 * Keys on spans only.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * Host name or address of the Redis server.
		 */
		SERVER_ADDRESS {
			@Override
			public String asString() {
				return "server.address";
			}
		},

		/**
		 * Port of the Redis server, a number.
		 */
		SERVER_PORT {
			@Override
			public String asString() {
				return "server.port";
			}
		},

		/**
		 * The command with every value masked ({@code SET user:42 ?}), only when
		 * {@code observability.redis.statement.enabled} is true.
		 */
		DB_QUERY_TEXT {
			@Override
			public String asString() {
				return "db.query.text";
			}
		}

	}

}
