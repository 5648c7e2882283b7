package dev.observability.starter.jdbc;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * Counters of what the starter finds in the SQL an application runs: N+1 and repeated
 * queries per unit of work, and slow statements.
 */
public enum JdbcMeterDocumentation implements MeterDocumentation {

	/**
	 * N+1 and repeated queries found, one per unit of work, kind and statement.
	 */
	QUERY_FINDINGS {
		@Override
		public String getName() {
			return "observability.db.query.findings";
		}

		@Override
		public String getDescription() {
			return "N+1 and repeated queries found, one per unit of work (request, job, test), kind and statement";
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { FindingKeyNames.FINDING_KIND, FindingKeyNames.UNIT_NAME,
					JdbcObservationDocumentation.LowCardinalityKeyNames.DB_COLLECTION_NAME };
		}
	},

	/**
	 * Statements slower than {@code observability.jdbc.slow-query.threshold}.
	 */
	SLOW_QUERIES {
		@Override
		public String getName() {
			return "observability.db.slow.queries";
		}

		@Override
		public String getDescription() {
			return "SQL statements that took longer than observability.jdbc.slow-query.threshold";
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { JdbcObservationDocumentation.LowCardinalityKeyNames.DB_SYSTEM_NAME,
					JdbcObservationDocumentation.LowCardinalityKeyNames.DB_OPERATION_NAME,
					JdbcObservationDocumentation.LowCardinalityKeyNames.DB_COLLECTION_NAME };
		}
	};

	/**
	 * One sentence on what the meter measures, which a Prometheus scrape prints as its
	 * {@code # HELP} text.
	 * @return the description
	 */
	public abstract String getDescription();

	/**
	 * Name of the span event added to the span of a unit of work for each finding.
	 */
	public static final String FINDING_EVENT = "db.query.finding";

	@Override
	public Meter.Type getType() {
		return Meter.Type.COUNTER;
	}

	/**
	 * Keys of the findings counter and of the {@value #FINDING_EVENT} span event, besides
	 * the statement's own {@code db.*} keys.
	 */
	public enum FindingKeyNames implements KeyName {

		/**
		 * {@code n_plus_one} or {@code repeated_query}.
		 */
		FINDING_KIND {
			@Override
			public String asString() {
				return "finding.kind";
			}
		},

		/**
		 * Bounded name of the unit of work: the HTTP route, the job or the test method.
		 * Counter only.
		 */
		UNIT_NAME {
			@Override
			public String asString() {
				return "unit.name";
			}
		},

		/**
		 * Executions counted: with different bind values for an N+1, with identical ones
		 * for a repeated query. Span event only.
		 */
		FINDING_COUNT {
			@Override
			public String asString() {
				return "finding.count";
			}
		},

		/**
		 * Seconds the database spent on all executions of the statement in the unit. Span
		 * event only.
		 */
		FINDING_DURATION {
			@Override
			public String asString() {
				return "finding.duration";
			}
		},

		/**
		 * First application stack frame under the statement. Span event only.
		 */
		CODE_LOCATION {
			@Override
			public String asString() {
				return "code.location";
			}
		}

	}

}
