package dev.observability.starter.jdbc;

/**
 * How a database reads quotes and backslashes in SQL text, which decides where its
 * literals start and end.
 */
public enum SqlDialect {

	/**
	 * {@code '...'} is a string, {@code "..."} an identifier and a backslash an ordinary
	 * character inside a string, as on H2, Oracle, SQL Server and PostgreSQL (with
	 * {@code standard_conforming_strings}, its default since 9.1).
	 */
	STANDARD,

	/**
	 * MySQL and MariaDB: {@code "..."} is a string too, {@code #} starts a comment, and
	 * whether a backslash escapes the next character depends on the server's
	 * {@code NO_BACKSLASH_ESCAPES} mode, so text with a backslash inside a string is
	 * withheld.
	 */
	MYSQL,

	/**
	 * Any other database: {@code "..."} is an identifier, and text with a backslash
	 * inside a string is withheld because its meaning is unknown.
	 */
	UNKNOWN;

	/**
	 * Dialect for callers that only know whether {@code "..."} is a string.
	 * @param doubleQuotedStrings whether {@code "..."} is a string literal
	 * @return {@link #MYSQL} or {@link #UNKNOWN}
	 */
	static SqlDialect of(boolean doubleQuotedStrings) {
		return doubleQuotedStrings ? MYSQL : UNKNOWN;
	}

	boolean doubleQuotedStrings() {
		return this == MYSQL;
	}

	boolean backslashIsOrdinary() {
		return this == STANDARD;
	}

}
