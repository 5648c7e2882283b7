package dev.observability.starter.jdbc;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Classifies a failed statement into a small, fixed set of {@code error.type} values from
 * the SQLState (and, where vendors share a SQLState, the vendor error code) of the first
 * classifiable {@link SQLException} in the cause chain and next-exception chain.
 * <p>
 * Sources: the SQL standard's SQLSTATE classes, PostgreSQL's "Appendix A. Error Codes",
 * H2's {@code ErrorCode} constants and MySQL's server error reference.
 */
public final class SqlErrorClassifier {

	/** Two transactions waited on each other; the database aborted one. */
	public static final String DEADLOCK = "deadlock";

	/** A lock could not be acquired in time. */
	public static final String LOCK_TIMEOUT = "lock_timeout";

	/** A serializable transaction conflicted with a concurrent one. */
	public static final String SERIALIZATION_FAILURE = "serialization_failure";

	/** The connection failed or could not be obtained. */
	public static final String CONNECTION_FAILURE = "connection_failure";

	/** A unique, foreign-key, not-null or check constraint rejected the change. */
	public static final String CONSTRAINT_VIOLATION = "constraint_violation";

	/** Any other failure. */
	public static final String OTHER = "other";

	private static final int MAX_EXCEPTIONS = 32;

	/**
	 * Generic SQLStates after which only the vendor error code tells what happened
	 * (MySQL's HY000 and 41000, Oracle's 61000 and 72000).
	 */
	private static final Set<String> VENDOR_STATES = Set.of("HY000", "41000", "61000", "72000");

	private SqlErrorClassifier() {
	}

	/**
	 * Classify a failure.
	 * @param failure what the statement threw
	 * @return one of the constants of this class
	 */
	public static String classify(@Nullable Throwable failure) {
		Map<Throwable, Boolean> seen = new IdentityHashMap<>();
		return classify(failure, seen);
	}

	private static String classify(@Nullable Throwable failure, Map<Throwable, Boolean> seen) {
		Throwable current = failure;
		while (current != null && seen.size() < MAX_EXCEPTIONS && seen.put(current, Boolean.TRUE) == null) {
			if (current instanceof SQLException sql) {
				String type = classifyOne(sql);
				if (type != null) {
					return type;
				}
				String next = classify(sql.getNextException(), seen);
				if (!OTHER.equals(next)) {
					return next;
				}
			}
			current = current.getCause();
		}
		return OTHER;
	}

	/**
	 * Classify one exception without looking at its causes.
	 * @param ex the exception
	 * @return the error type, or {@code null} when this exception does not tell
	 */
	static @Nullable String classifyOne(SQLException ex) {
		String state = ex.getSQLState();
		int code = ex.getErrorCode();
		String fromState = (state != null && state.length() == 5) ? fromState(state, code) : null;
		if (fromState != null) {
			return fromState;
		}
		String fromCode = (state == null || VENDOR_STATES.contains(state)) ? fromVendorCode(code) : null;
		if (fromCode != null) {
			return fromCode;
		}
		if (ex instanceof SQLIntegrityConstraintViolationException) {
			return CONSTRAINT_VIOLATION;
		}
		if (ex instanceof SQLTransientConnectionException || ex instanceof SQLNonTransientConnectionException) {
			return CONNECTION_FAILURE;
		}
		if (ex instanceof SQLTransactionRollbackException) {
			return SERIALIZATION_FAILURE;
		}
		return null;
	}

	private static @Nullable String fromState(String state, int code) {
		switch (state) {
			case "40P01": // PostgreSQL deadlock_detected
				return DEADLOCK;
			case "40001":
				// the standard's serialization_failure (PostgreSQL); H2 (40001), MySQL
				// (1213) and SQL Server (1205) report deadlocks with it
				return (code == 40001 || code == 1213 || code == 1205) ? DEADLOCK : SERIALIZATION_FAILURE;
			case "55P03": // PostgreSQL lock_not_available (lock_timeout, NOWAIT)
			case "HYT00": // H2 LOCK_TIMEOUT_1 and the standard's timeout expired
				return LOCK_TIMEOUT;
			case "40002": // transaction rolled back: integrity constraint violation
				return CONSTRAINT_VIOLATION;
			case "57P01": // PostgreSQL admin_shutdown
			case "57P02": // crash_shutdown
			case "57P03": // cannot_connect_now
			case "90067": // H2 CONNECTION_BROKEN_1
				return CONNECTION_FAILURE;
			default:
				break;
		}
		if (state.startsWith("08")) {
			return CONNECTION_FAILURE;
		}
		if (state.startsWith("23")) {
			return CONSTRAINT_VIOLATION;
		}
		return null;
	}

	private static @Nullable String fromVendorCode(int code) {
		switch (code) {
			case 1213: // MySQL ER_LOCK_DEADLOCK
			case 60: // Oracle ORA-00060 deadlock detected
				return DEADLOCK;
			case 1205: // MySQL ER_LOCK_WAIT_TIMEOUT (SQLState HY000)
			case 50200: // H2 LOCK_TIMEOUT_1
			case 54: // Oracle ORA-00054 resource busy, NOWAIT
			case 30006: // Oracle ORA-30006 resource busy, WAIT timeout
				return LOCK_TIMEOUT;
			case 8177: // Oracle ORA-08177 cannot serialize access
				return SERIALIZATION_FAILURE;
			default:
				return null;
		}
	}

}
