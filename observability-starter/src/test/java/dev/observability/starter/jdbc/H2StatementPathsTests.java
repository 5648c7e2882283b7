package dev.observability.starter.jdbc;

/**
 * The lean and Observation paths against H2.
 */
class H2StatementPathsTests extends AbstractStatementPathsTests {

	@Override
	String jdbcUrl() {
		// one name for every run: runs are compared, and db.namespace is the database's
		// name
		return "jdbc:h2:mem:statement-paths";
	}

}
