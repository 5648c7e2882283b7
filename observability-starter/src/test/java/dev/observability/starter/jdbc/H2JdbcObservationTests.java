package dev.observability.starter.jdbc;

import java.util.List;
import java.util.UUID;

/**
 * Statement observations against H2.
 */
class H2JdbcObservationTests extends AbstractJdbcObservationTests {

	H2JdbcObservationTests() {
		super("h2");
	}

	@Override
	String jdbcUrl() {
		return "jdbc:h2:mem:" + UUID.randomUUID();
	}

	@Override
	List<String> vendorLiteralStatements() {
		return List.of("SELECT X'CAFE' AS hex_value FROM task", "SELECT id FROM task WHERE title = U&'secret'",
				"SELECT TIMESTAMP '2031-12-24 10:00:00' FROM task");
	}

	@Override
	Class<?> driverConnectionType() {
		return org.h2.jdbc.JdbcConnection.class;
	}

}
