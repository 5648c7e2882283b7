package dev.observability.starter.jdbc;

import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Query findings against H2.
 */
class H2QueryFindingsTests extends AbstractQueryFindingsTests {

	@Override
	String jdbcUrl() {
		return "jdbc:h2:mem:" + UUID.randomUUID();
	}

	@Override
	String slowStatement(JdbcTemplate jdbc) {
		// the signature picks one of Thread.sleep's overloads (Java 21 added
		// sleep(Duration))
		jdbc.execute("CREATE ALIAS IF NOT EXISTS SLEEP FOR 'java.lang.Thread.sleep(long)'");
		return "CALL SLEEP(50)";
	}

}
