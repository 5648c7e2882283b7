package dev.observability.starter.jdbc;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SqlErrorClassifier}.
 */
class SqlErrorClassifierTests {

	@ParameterizedTest(name = "{0} / {1} -> {2}")
	@CsvSource(textBlock = """
			40P01, 0,     deadlock
			40001, 0,     serialization_failure
			40001, 40001, deadlock
			40001, 1213,  deadlock
			40001, 1205,  deadlock
			55P03, 0,     lock_timeout
			HYT00, 50200, lock_timeout
			HY000, 1205,  lock_timeout
			61000, 60,    deadlock
			61000, 54,    lock_timeout
			72000, 8177,  serialization_failure
			23505, 0,     constraint_violation
			23503, 0,     constraint_violation
			23502, 90006, constraint_violation
			23000, 1062,  constraint_violation
			40002, 0,     constraint_violation
			08006, 0,     connection_failure
			08S01, 0,     connection_failure
			57P01, 0,     connection_failure
			90067, 90067, connection_failure
			42P01, 0,     other
			42S02, 42102, other
			22001, 0,     other
			""")
	void classifiesSqlStateAndVendorCode(String sqlState, int errorCode, String expected) {
		assertThat(SqlErrorClassifier.classify(new SQLException("failed", sqlState, errorCode))).isEqualTo(expected);
	}

	@Test
	void vendorCodeIsIgnoredUnderASpecificSqlState() {
		assertThat(SqlErrorClassifier.classify(new SQLException("syntax", "42000", 1205))).isEqualTo("other");
	}

	@Test
	void walksTheCauseChain() {
		RuntimeException wrapped = new IllegalStateException("wrapper",
				new SQLException("outer", "HY000", 0, new SQLException("inner", "40P01")));
		assertThat(SqlErrorClassifier.classify(wrapped)).isEqualTo("deadlock");
	}

	@Test
	void walksNextExceptions() {
		BatchUpdateException batch = new BatchUpdateException("batch failed", "HY000", 0, new int[0]);
		batch.setNextException(new SQLException("row 2", "23505"));
		assertThat(SqlErrorClassifier.classify(batch)).isEqualTo("constraint_violation");
	}

	@Test
	void fallsBackToTheExceptionType() {
		assertThat(SqlErrorClassifier.classify(new SQLIntegrityConstraintViolationException("dup")))
			.isEqualTo("constraint_violation");
		assertThat(SqlErrorClassifier.classify(new SQLTransientConnectionException("pool exhausted")))
			.isEqualTo("connection_failure");
	}

	@Test
	void unknownFailuresAreOther() {
		assertThat(SqlErrorClassifier.classify(new IllegalStateException("not sql"))).isEqualTo("other");
		assertThat(SqlErrorClassifier.classify(null)).isEqualTo("other");
		Exception cyclic = new Exception("a");
		Exception other = new Exception("b", cyclic);
		cyclic.initCause(other);
		assertThat(SqlErrorClassifier.classify(cyclic)).isEqualTo("other");
	}

}
