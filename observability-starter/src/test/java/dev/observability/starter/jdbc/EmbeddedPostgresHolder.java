package dev.observability.starter.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL server per test JVM, started on first use and stopped when the
 * JVM exits.
 */
final class EmbeddedPostgresHolder {

	private static EmbeddedPostgres server;

	private EmbeddedPostgresHolder() {
	}

	static synchronized String jdbcUrl() {
		if (server == null) {
			try {
				server = EmbeddedPostgres.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			EmbeddedPostgres started = server;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					started.close();
				}
				catch (IOException ex) {
					// the JVM is exiting
				}
			}));
		}
		return server.getJdbcUrl("postgres", "postgres");
	}

}
