package dev.observability.starter.jdbc;

import java.util.List;

/**
 * Statement observations against an embedded PostgreSQL server.
 */
class PostgresJdbcObservationTests extends AbstractJdbcObservationTests {

	PostgresJdbcObservationTests() {
		super("postgresql");
	}

	@Override
	String jdbcUrl() {
		return EmbeddedPostgresHolder.jdbcUrl();
	}

	@Override
	List<String> vendorLiteralStatements() {
		return List.of("SELECT $$dollar secret$$ AS quoted FROM task", "SELECT $tag$tagged secret$tag$ FROM task",
				"SELECT E'escaped secret\\n' FROM task", "SELECT x'CAFE'::int FROM task",
				"SELECT now() - INTERVAL '2031 days' FROM task", "SELECT '{\"k\": \"secret\"}'::jsonb FROM task");
	}

	@Override
	Class<?> driverConnectionType() {
		return org.postgresql.PGConnection.class;
	}

}
