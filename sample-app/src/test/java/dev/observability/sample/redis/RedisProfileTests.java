package dev.observability.sample.redis;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code redis} profile connects to the Redis server that {@code REDIS_URL} names
 * (here one the test starts itself, standing in for an installed server) and starts no
 * embedded one. The context is closed after these tests, as its server stops with them.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:redis-profile")
@AutoConfigureMockMvc
@ActiveProfiles("redis")
@DirtiesContext
class RedisProfileTests {

	private static RedisServer external;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private LettuceConnectionFactory connectionFactory;

	@Autowired
	private MockMvcTester mvc;

	@BeforeAll
	static void startExternalRedis() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		external = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"").build();
		external.start();
	}

	@AfterAll
	static void stopExternalRedis() throws IOException {
		external.stop();
	}

	@DynamicPropertySource
	static void redisUrl(DynamicPropertyRegistry registry) {
		registry.add("REDIS_URL", () -> "redis://127.0.0.1:" + external.ports().get(0));
	}

	@Test
	void connectsToTheServerOfRedisUrlAndStartsNoneOfItsOwn() {
		assertThat(this.context.getBeansOfType(RedisServer.class)).isEmpty();
		assertThat(this.connectionFactory.getHostName()).isEqualTo("127.0.0.1");
		assertThat(this.connectionFactory.getPort()).isEqualTo(external.ports().get(0));
	}

	@Test
	void healthShowsTheExternalRedisUp() {
		assertThat(this.mvc.get().uri("/actuator/health")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.components.redis.status")
			.isEqualTo("UP");
	}

}
