package dev.observability.starter.jdbc;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * OpenTelemetry {@code db.system.name} values for the databases the starter recognises,
 * derived from a JDBC URL or, failing that, the driver's product name.
 */
final class DbSystemNames {

	static final String OTHER_SQL = "other_sql";

	/**
	 * Known databases: JDBC URL prefix, a fragment of the lower-cased product name, the
	 * OpenTelemetry name and how the database reads quotes and backslashes. MariaDB comes
	 * before MySQL, whose name it may contain.
	 */
	private static final List<Database> DATABASES = List.of(new Database("jdbc:h2:", "h2", "h2", SqlDialect.STANDARD),
			new Database("jdbc:postgresql:", "postgresql", "postgresql", SqlDialect.STANDARD),
			new Database("jdbc:mariadb:", "mariadb", "mariadb", SqlDialect.MYSQL),
			new Database("jdbc:mysql:", "mysql", "mysql", SqlDialect.MYSQL),
			new Database("jdbc:oracle:", "oracle", "oracle.db", SqlDialect.STANDARD),
			new Database("jdbc:sqlserver:", "microsoft sql server", "microsoft.sql_server", SqlDialect.STANDARD));

	private DbSystemNames() {
	}

	/**
	 * Name the database behind a connection.
	 * @param url the JDBC URL, if known
	 * @param productName the product name from the connection's metadata, if known
	 * @return the OpenTelemetry name, {@code other_sql} when not recognised
	 */
	static String of(@Nullable String url, @Nullable String productName) {
		String lowerUrl = (url != null) ? url.toLowerCase(Locale.ROOT) : "";
		for (Database database : DATABASES) {
			if (lowerUrl.startsWith(database.urlPrefix)) {
				return database.name;
			}
		}
		String lowerProduct = (productName != null) ? productName.toLowerCase(Locale.ROOT) : "";
		for (Database database : DATABASES) {
			if (lowerProduct.contains(database.productFragment)) {
				return database.name;
			}
		}
		return OTHER_SQL;
	}

	/**
	 * Every name {@link #of(String, String)} can return: the SQL databases this package
	 * recognises and {@code other_sql}.
	 * @return the names
	 */
	static Set<String> sqlSystems() {
		Set<String> names = new LinkedHashSet<>();
		DATABASES.forEach((database) -> names.add(database.name));
		names.add(OTHER_SQL);
		return Collections.unmodifiableSet(names);
	}

	/**
	 * Whether the database treats {@code "..."} as a string literal by default.
	 * @param dbSystemName the OpenTelemetry name of the database
	 * @return whether double quotes delimit strings
	 */
	static boolean doubleQuotedStrings(String dbSystemName) {
		return dialect(dbSystemName) == SqlDialect.MYSQL;
	}

	/**
	 * How the database reads quotes and backslashes in SQL text.
	 * @param dbSystemName the OpenTelemetry name of the database
	 * @return the dialect, {@link SqlDialect#UNKNOWN} for a database not recognised
	 */
	static SqlDialect dialect(String dbSystemName) {
		for (Database database : DATABASES) {
			if (database.name.equals(dbSystemName)) {
				return database.dialect;
			}
		}
		return SqlDialect.UNKNOWN;
	}

	private record Database(String urlPrefix, String productFragment, String name, SqlDialect dialect) {
	}

}
