package dev.observability.starter.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import redis.embedded.RedisServer;

/**
 * A real redis-server (the one embedded-redis bundles) on a free loopback port. One
 * shared server serves the tests of a JVM; a test that stops its server starts its own.
 */
public final class EmbeddedRedis implements AutoCloseable {

	private static EmbeddedRedis shared;

	private final int port;

	private final RedisServer server;

	private EmbeddedRedis(int port) {
		this.port = port;
		try {
			this.server = RedisServer.newRedisServer()
				.port(port)
				.bind("127.0.0.1")
				.setting("save \"\"")
				.setting("appendonly no")
				.onShutdownForceStop(true)
				.build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		start();
	}

	/**
	 * The server shared by the tests of this JVM, started on first use.
	 * @return the port it listens on
	 */
	public static synchronized int sharedPort() {
		if (shared == null) {
			shared = new EmbeddedRedis(freePort());
			EmbeddedRedis started = shared;
			Runtime.getRuntime().addShutdownHook(new Thread(started::close));
		}
		return shared.port;
	}

	/**
	 * A server of the caller's own, to stop and start.
	 * @return the started server
	 */
	static EmbeddedRedis dedicated() {
		return new EmbeddedRedis(freePort());
	}

	int port() {
		return this.port;
	}

	void start() {
		try {
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void stop() {
		try {
			this.server.stop();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		if (this.server.isActive()) {
			stop();
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
