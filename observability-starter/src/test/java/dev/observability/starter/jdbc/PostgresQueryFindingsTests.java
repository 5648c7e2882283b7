package dev.observability.starter.jdbc;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Query findings against PostgreSQL.
 */
class PostgresQueryFindingsTests extends AbstractQueryFindingsTests {

	@Override
	String jdbcUrl() {
		return EmbeddedPostgresHolder.jdbcUrl();
	}

	@Override
	String slowStatement(JdbcTemplate jdbc) {
		return "SELECT pg_sleep(0.05)";
	}

}
