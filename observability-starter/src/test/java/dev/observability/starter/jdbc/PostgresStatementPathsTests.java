package dev.observability.starter.jdbc;

/**
 * The lean and Observation paths against an embedded PostgreSQL server.
 */
class PostgresStatementPathsTests extends AbstractStatementPathsTests {

	@Override
	String jdbcUrl() {
		return EmbeddedPostgresHolder.jdbcUrl();
	}

}
