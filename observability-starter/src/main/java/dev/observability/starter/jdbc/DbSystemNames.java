package dev.observability.starter.jdbc;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * OpenTelemetry {@code db.system.name} values for the databases the starter recognises,
 * derived from a JDBC URL or, failing that, the driver's product name.
 */
final class DbSystemNames {

	static final String OTHER_SQL = "other_sql";

	private DbSystemNames() {
	}

	/**
	 * Name the database behind a connection.
	 * @param url the JDBC URL, if known
	 * @param productName the product name from the connection's metadata, if known
	 * @return the OpenTelemetry name, {@code other_sql} when not recognised
	 */
	static String of(@Nullable String url, @Nullable String productName) {
		String fromUrl = fromUrl(url);
		return (fromUrl != null) ? fromUrl : fromProductName(productName);
	}

	private static @Nullable String fromUrl(@Nullable String url) {
		if (url == null) {
			return null;
		}
		String lower = url.toLowerCase(Locale.ROOT);
		if (lower.startsWith("jdbc:h2:")) {
			return "h2";
		}
		if (lower.startsWith("jdbc:postgresql:")) {
			return "postgresql";
		}
		if (lower.startsWith("jdbc:mysql:")) {
			return "mysql";
		}
		if (lower.startsWith("jdbc:mariadb:")) {
			return "mariadb";
		}
		if (lower.startsWith("jdbc:oracle:")) {
			return "oracle.db";
		}
		if (lower.startsWith("jdbc:sqlserver:")) {
			return "microsoft.sql_server";
		}
		return null;
	}

	private static String fromProductName(@Nullable String productName) {
		if (productName == null) {
			return OTHER_SQL;
		}
		String lower = productName.toLowerCase(Locale.ROOT);
		if (lower.equals("h2")) {
			return "h2";
		}
		if (lower.contains("postgresql")) {
			return "postgresql";
		}
		if (lower.contains("mariadb")) {
			return "mariadb";
		}
		if (lower.contains("mysql")) {
			return "mysql";
		}
		if (lower.contains("oracle")) {
			return "oracle.db";
		}
		if (lower.contains("microsoft sql server")) {
			return "microsoft.sql_server";
		}
		return OTHER_SQL;
	}

	/**
	 * Whether the database treats {@code "..."} as a string literal by default.
	 * @param dbSystemName the OpenTelemetry name of the database
	 * @return whether double quotes delimit strings
	 */
	static boolean doubleQuotedStrings(String dbSystemName) {
		return dbSystemName.equals("mysql") || dbSystemName.equals("mariadb");
	}

}
