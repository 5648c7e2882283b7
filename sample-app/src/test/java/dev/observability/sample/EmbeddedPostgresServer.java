package dev.observability.sample;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL server per test JVM, started on first use (about two seconds)
 * and stopped by the library's shutdown hook when the JVM exits.
 */
final class EmbeddedPostgresServer {

	static final String USER = "postgres";

	private static final String DATABASE = "postgres";

	private static EmbeddedPostgres server;

	private EmbeddedPostgresServer() {
	}

	/**
	 * JDBC URL of the shared server's database, starting the server if needed.
	 * @return the JDBC URL
	 */
	static synchronized String jdbcUrl() {
		if (server == null) {
			try {
				server = EmbeddedPostgres.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
			}
		}
		return server.getJdbcUrl(USER, DATABASE);
	}

}
