package dev.observability.starter.jdbc;

import java.util.UUID;

/**
 * The lean and Observation paths against H2.
 */
class H2StatementPathsTests extends AbstractStatementPathsTests {

	@Override
	String jdbcUrl() {
		return "jdbc:h2:mem:" + UUID.randomUUID();
	}

}
