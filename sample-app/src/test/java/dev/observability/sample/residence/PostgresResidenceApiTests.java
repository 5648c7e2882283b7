package dev.observability.sample.residence;

import dev.observability.sample.WithEmbeddedPostgres;

/**
 * The residences API on the {@code postgres} profile, against embedded PostgreSQL.
 */
@WithEmbeddedPostgres
class PostgresResidenceApiTests extends ResidenceApiScenario {

	@Override
	String expectedDatabaseProductName() {
		return "PostgreSQL";
	}

}
