package dev.observability.sample.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import redis.embedded.RedisServer;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Starts a redis-server of the application's own (Redis 6.2, shipped inside the
 * embedded-redis jar) on a free loopback port, so the sample runs with nothing installed,
 * and hands its address to Boot's Redis auto-configuration as
 * {@link DataRedisConnectionDetails}. The connection factory depends on those details, so
 * the server is up before the factory is created and stops after the factory is closed.
 * Off on the {@code redis} profile, where {@code spring.data.redis.url} names an external
 * server.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!redis")
class EmbeddedRedisConfiguration {

	private static final Log logger = LogFactory.getLog(EmbeddedRedisConfiguration.class);

	private static final String HOST = "127.0.0.1";

	private static final int ATTEMPTS = 3;

	@Bean(destroyMethod = "stop")
	RedisServer embeddedRedisServer() throws IOException {
		IOException failure = null;
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			int port = freePort();
			RedisServer server = RedisServer.newRedisServer()
				.bind(HOST)
				.port(port)
				// A cache with nothing worth keeping: no dump.rdb or appendonly file, so
				// the
				// server's temporary folder is empty and removed when the JVM exits.
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			try {
				server.start();
				logger.info("Embedded Redis started on " + HOST + ":" + port);
				return server;
			}
			catch (IOException ex) {
				// Another process may have taken the port after it was found free.
				failure = ex;
			}
		}
		throw failure;
	}

	@Bean
	DataRedisConnectionDetails embeddedRedisConnectionDetails(RedisServer embeddedRedisServer) {
		DataRedisConnectionDetails.Standalone standalone = DataRedisConnectionDetails.Standalone.of(HOST,
				embeddedRedisServer.ports().get(0));
		return new DataRedisConnectionDetails() {

			@Override
			public DataRedisConnectionDetails.Standalone getStandalone() {
				return standalone;
			}

		};
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			return socket.getLocalPort();
		}
	}

}
