package dev.observability.starter.jdbc;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

import dev.observability.starter.core.ObservationMeterFilters;

/**
 * Observations recorded for SQL statements, with the OpenTelemetry semantic-convention
 * names of their meters, spans and keys.
 */
public enum JdbcObservationDocumentation implements ObservationDocumentation {

	/**
	 * One SQL statement (or one batch) executed through a DataSource. The timer is
	 * {@code db.client.operation.duration} in seconds; the span is named
	 * {@code <operation> <collection>} (e.g. {@code SELECT task}), or just the operation
	 * when no table is known.
	 */
	STATEMENT {

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
			return DefaultJdbcObservationConvention.class;
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
	 * Keys on both spans and meters; their values come from a bounded set.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * Database product, as OpenTelemetry names it ({@code h2}, {@code postgresql},
		 * ..., {@code other_sql}).
		 */
		DB_SYSTEM_NAME {
			@Override
			public String asString() {
				return "db.system.name";
			}
		},

		/**
		 * Database the statement ran in, as the connection's catalog names it (the
		 * database name on PostgreSQL, MySQL and H2), or {@code none} when the driver has
		 * no catalog. Tells the statements of two DataSources apart.
		 */
		DB_NAMESPACE {
			@Override
			public String asString() {
				return "db.namespace";
			}
		},

		/**
		 * SQL keyword of the statement ({@code SELECT}, {@code INSERT}, ...), prefixed
		 * with {@code BATCH} for a batch.
		 */
		DB_OPERATION_NAME {
			@Override
			public String asString() {
				return "db.operation.name";
			}
		},

		/**
		 * Main table of the statement, or {@code none} when it has none.
		 */
		DB_COLLECTION_NAME {
			@Override
			public String asString() {
				return "db.collection.name";
			}
		},

		/**
		 * Class of failure derived from the SQLState ({@code deadlock},
		 * {@code lock_timeout}, ..., {@code other}), or {@code none} on success.
		 */
		ERROR_TYPE {
			@Override
			public String asString() {
				return "error.type";
			}
		}

	}

	/**
	 * Keys on spans only; their values are unbounded.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * SQL text with every literal replaced by {@code ?}.
		 */
		DB_QUERY_TEXT {
			@Override
			public String asString() {
				return "db.query.text";
			}
		},

		/**
		 * Number of statements in a batch; present only for batches of two or more.
		 */
		DB_OPERATION_BATCH_SIZE {
			@Override
			public String asString() {
				return "db.operation.batch.size";
			}
		},

		/**
		 * Pool the statement's connection came from: HikariCP's pool name, otherwise the
		 * DataSource bean's name.
		 */
		DB_CLIENT_CONNECTION_POOL_NAME {
			@Override
			public String asString() {
				return "db.client.connection.pool.name";
			}
		},

		/**
		 * Association or entity whose loading ran the statement (e.g.
		 * {@code Residence.tasks}), when an ORM integration such as Hibernate's said so.
		 */
		ORM_ASSOCIATION {
			@Override
			public String asString() {
				return "orm.association";
			}
		}

	}

}
