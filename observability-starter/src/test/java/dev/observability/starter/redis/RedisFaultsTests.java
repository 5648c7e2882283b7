package dev.observability.starter.redis;

import java.time.Duration;
import java.util.List;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The Redis server goes away mid-run and comes back: the application's calls fail as they
 * would without the starter and nothing hangs, the instrumentation adds no failure of its
 * own, connection events are counted, and commands are recorded again once the server is
 * back.
 */
class RedisFaultsTests {

	@Test
	void serverDownMidRunFailsCallsQuicklyAndIsCounted() {
		try (EmbeddedRedis server = EmbeddedRedis.dedicated();
				ConfigurableApplicationContext context = RedisTestApplication.run(server.port(),
						"--spring.data.redis.timeout=500ms", "--spring.data.redis.connect-timeout=500ms")) {
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			redis.opsForValue().set("fault:key", "1");
			await().atMost(Duration.ofSeconds(5)).until(() -> events(meters, "connected") >= 1);
			server.stop();
			await().atMost(Duration.ofSeconds(5)).until(() -> events(meters, "disconnected") >= 1);
			assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
				for (int i = 0; i < 3; i++) {
					assertThatExceptionOfType(DataAccessException.class)
						.isThrownBy(() -> redis.opsForValue().get("fault:key"));
				}
			});
			await().atMost(Duration.ofSeconds(10)).until(() -> events(meters, "reconnect_attempt") >= 1);
			server.start();
			RedisTestApplication.spans(context).reset();
			await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
				List<SpanData> spans = RedisTestApplication.inScenario(context,
						() -> assertThat(redis.opsForValue().get("fault:key")).isNull());
				assertThat(spans).extracting(SpanData::getName).contains("GET");
			});
			assertThat(RedisTestApplication.spans(context).getFinishedSpanItems())
				.filteredOn(
						(span) -> "redis".equals(span.getAttributes().get(AttributeKey.stringKey("db.system.name"))))
				.filteredOn((span) -> span.getStatus().getStatusCode() == StatusCode.ERROR)
				.allSatisfy((span) -> assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
					.isIn("connection_failure", "timeout", "cancelled"));
			assertThat(meters.find("observability.hook.failures").tag("hook", "redis").counters()).isEmpty();
		}
	}

	@Test
	void aCommandInFlightWhenTheConnectionDropsIsTaggedWithItsFailure() throws Exception {
		try (EmbeddedRedis server = EmbeddedRedis.dedicated();
				ConfigurableApplicationContext context = RedisTestApplication.run(server.port())) {
			RedisClient client = RedisClient.create(context.getBean(ClientResources.class),
					RedisURI.create("127.0.0.1", server.port()));
			client.setOptions(ClientOptions.builder().autoReconnect(false).build());
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				RedisTestApplication.spans(context).reset();
				List<SpanData> spans = RedisTestApplication.inScenario(context, () -> {
					RedisFuture<?> blocked = connection.async().blpop(30, "fault:queue");
					await().atMost(Duration.ofSeconds(5)).until(() -> clients(server) == 1);
					server.stop();
					assertThatExceptionOfType(ExecutionException.class)
						.isThrownBy(() -> blocked.get(10, TimeUnit.SECONDS));
				});
				assertThat(spans).filteredOn((span) -> span.getName().equals("BLPOP"))
					.singleElement()
					.satisfies((span) -> {
						assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
						assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
							.isEqualTo("connection_failure");
					});
			}
			finally {
				client.shutdown();
			}
		}
	}

	/**
	 * Clients blocked on the server, asked over a connection of its own.
	 */
	private static int clients(EmbeddedRedis server) {
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			String info = connection.sync().info("clients");
			return Integer.parseInt(info.replaceAll("(?s).*blocked_clients:(\\d+).*", "$1"));
		}
		finally {
			client.shutdown();
		}
	}

	private static double events(MeterRegistry meters, String event) {
		Counter counter = meters.find("observability.redis.connection.events").tag("event", event).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
