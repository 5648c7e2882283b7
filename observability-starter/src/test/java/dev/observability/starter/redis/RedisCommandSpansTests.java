package dev.observability.starter.redis;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.observability.starter.core.LeanPathDecision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Redis commands through Spring Data Redis and Lettuce (sync, pipelined, transactional,
 * reactive and Lettuce's own async API) against a real redis-server, on the lean path.
 */
class RedisCommandSpansTests {

	private static ConfigurableApplicationContext context;

	private static StringRedisTemplate redis;

	@BeforeAll
	static void start() {
		context = RedisTestApplication.run(EmbeddedRedis.sharedPort(),
				"--observability.redis.key-patterns=residence-ids:*,session:*");
		redis = context.getBean(StringRedisTemplate.class);
		redis.opsForValue().get("warm-up");
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@BeforeEach
	void reset() {
		RedisTestApplication.spans(context).reset();
	}

	@Test
	void commandsTakeTheLeanPath() {
		assertThat(context.getBean(RedisCommandTracing.class).decision().getPath())
			.isEqualTo(LeanPathDecision.Path.LEAN);
	}

	@Test
	void eachCommandIsAClientSpanUnderTheSpanThatIssuedIt() {
		List<SpanData> spans = RedisTestApplication.inScenario(context, () -> {
			redis.opsForValue().set("residence-ids:all", "1,2,3");
			redis.opsForValue().get("residence-ids:all");
			redis.opsForHash().put("user:42", "name", "Ada");
			redis.execute((RedisCallback<String>) (connection) -> connection.ping());
		});
		SpanData scenario = scenario(spans);
		List<SpanData> commands = commands(spans);
		assertThat(commands).extracting(SpanData::getName).containsExactly("SET", "GET", "HSET", "PING");
		assertThat(commands).allSatisfy((span) -> {
			assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
			assertThat(span.getParentSpanId()).isEqualTo(scenario.getSpanId());
			assertThat(span.getTraceId()).isEqualTo(scenario.getTraceId());
			assertThat(span.getAttributes().get(AttributeKey.stringKey("db.system.name"))).isEqualTo("redis");
			assertThat(span.getAttributes().get(AttributeKey.stringKey("db.namespace"))).isEqualTo("0");
			assertThat(span.getAttributes().get(AttributeKey.stringKey("db.operation.name"))).isEqualTo(span.getName());
			assertThat(span.getAttributes().get(AttributeKey.stringKey("server.address"))).isEqualTo("127.0.0.1");
			assertThat(span.getAttributes().get(AttributeKey.longKey("server.port")))
				.isEqualTo((long) EmbeddedRedis.sharedPort());
			assertThat(span.getAttributes().get(AttributeKey.stringKey("db.query.text"))).isNull();
		});
		assertThat(commands)
			.extracting((span) -> span.getAttributes().get(AttributeKey.stringKey("db.collection.name")))
			.containsExactly("residence-ids:*", "residence-ids:*", "_OTHER", "none");
	}

	@Test
	void commandsAreTimedUnderOpenTelemetryNamesAndBootsLettuceTimerIsNotRecorded() {
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		Timer timer = meters.get("db.client.operation.duration")
			.tags("db.system.name", "redis", "db.operation.name", "GET", "db.collection.name", "session:*",
					"db.namespace", "0", "error.type", "none")
			.timers()
			.stream()
			.findFirst()
			.orElse(null);
		long before = (timer != null) ? timer.count() : 0;
		redis.opsForValue().get("session:1");
		redis.opsForValue().get("session:2");
		// Lettuce's I/O thread records a command after it has released the caller.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(meters.get("db.client.operation.duration")
				.tags("db.system.name", "redis", "db.operation.name", "GET", "db.collection.name", "session:*",
						"error.type", "none")
				.timer()
				.count()).isEqualTo(before + 2));
		assertThat(meters.getMeters()).noneMatch((meter) -> meter.getId().getName().startsWith("lettuce"));
		assertThat(meters.get("db.client.operation.duration").tag("db.system.name", "redis").timers())
			.allSatisfy((each) -> assertThat(each.getId().getTags()).extracting("key")
				.containsExactlyInAnyOrder("db.system.name", "db.namespace", "db.operation.name", "db.collection.name",
						"error.type"));
	}

	@Test
	void commandsIssuedWithNoCurrentSpanAreTimedButMakeNoTrace() {
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		// STRLEN: a command no other test sends, so its count changes only here.
		long before = meters.find("db.client.operation.duration")
			.tag("db.operation.name", "STRLEN")
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
		redis.opsForValue().size("session:untraced");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			long after = meters.find("db.client.operation.duration")
				.tag("db.operation.name", "STRLEN")
				.timers()
				.stream()
				.mapToLong(Timer::count)
				.sum();
			assertThat(after).isEqualTo(before + 1);
		});
		assertThat(RedisTestApplication.spans(context).getFinishedSpanItems()).isEmpty();
	}

	@Test
	void pipelinedCommandsAreEachAChildOfTheIssuingSpan() {
		List<SpanData> spans = RedisTestApplication.inScenario(context, () -> {
			List<Object> results = redis.executePipelined((RedisCallback<Object>) (connection) -> {
				connection.stringCommands().set(bytes("session:p1"), bytes("a"));
				connection.stringCommands().get(bytes("session:p1"));
				connection.keyCommands().del(bytes("session:p1"));
				return null;
			});
			assertThat(results).hasSize(3);
		});
		SpanData scenario = scenario(spans);
		assertThat(commands(spans)).extracting(SpanData::getName).containsExactly("SET", "GET", "DEL");
		assertThat(commands(spans))
			.allSatisfy((span) -> assertThat(span.getParentSpanId()).isEqualTo(scenario.getSpanId()));
	}

	@Test
	void lettucesOwnPipeliningWithManualFlushIsParentedToo() throws Exception {
		RedisClient client = RedisClient.create(context.getBean(ClientResources.class),
				RedisURI.create("127.0.0.1", EmbeddedRedis.sharedPort()));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			List<SpanData> spans = RedisTestApplication.inScenario(context, () -> {
				RedisAsyncCommands<String, String> async = connection.async();
				connection.setAutoFlushCommands(false);
				RedisFuture<String> set = async.set("session:manual", "x");
				RedisFuture<String> get = async.get("session:manual");
				connection.flushCommands();
				try {
					assertThat(set.get(5, TimeUnit.SECONDS)).isEqualTo("OK");
					assertThat(get.get(5, TimeUnit.SECONDS)).isEqualTo("x");
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				finally {
					connection.setAutoFlushCommands(true);
				}
			});
			SpanData scenario = scenario(spans);
			assertThat(commands(spans)).extracting(SpanData::getName).containsExactly("SET", "GET");
			assertThat(commands(spans))
				.allSatisfy((span) -> assertThat(span.getParentSpanId()).isEqualTo(scenario.getSpanId()));
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void multiExecCommandsOfASessionCallbackAreChildrenOfTheIssuingSpan() {
		List<SpanData> spans = RedisTestApplication.inScenario(context, () -> {
			List<Object> results = redis.execute(new SessionCallback<List<Object>>() {

				@Override
				@SuppressWarnings("unchecked")
				public List<Object> execute(RedisOperations operations) throws DataAccessException {
					operations.multi();
					operations.opsForValue().set("session:tx", "1");
					operations.opsForValue().increment("session:tx");
					return operations.exec();
				}

			});
			assertThat(results).hasSize(2);
		});
		SpanData scenario = scenario(spans);
		assertThat(commands(spans)).extracting(SpanData::getName).containsExactly("MULTI", "SET", "INCR", "EXEC");
		assertThat(commands(spans))
			.allSatisfy((span) -> assertThat(span.getParentSpanId()).isEqualTo(scenario.getSpanId()));
	}

	@Test
	void aReactiveCommandIsAChildOfTheSpanThatSubscribed() {
		ReactiveStringRedisTemplate reactive = new ReactiveStringRedisTemplate(
				(ReactiveRedisConnectionFactory) context.getBean(RedisConnectionFactory.class));
		List<SpanData> spans = RedisTestApplication.inScenario(context, () -> {
			reactive.opsForValue().set("session:reactive", "r").block();
			assertThat(reactive.opsForValue().get("session:reactive").block()).isEqualTo("r");
		});
		SpanData scenario = scenario(spans);
		assertThat(commands(spans)).extracting(SpanData::getName).containsExactly("SET", "GET");
		assertThat(commands(spans))
			.allSatisfy((span) -> assertThat(span.getParentSpanId()).isEqualTo(scenario.getSpanId()));
		assertThat(spans).allSatisfy((span) -> assertThat(span.getTraceId()).isEqualTo(scenario.getTraceId()));
	}

	@Test
	void aReactiveCommandSubscribedOnAnotherThreadFollowsTheObservationOfItsReactorContext() {
		ReactiveStringRedisTemplate reactive = new ReactiveStringRedisTemplate(
				(ReactiveRedisConnectionFactory) context.getBean(RedisConnectionFactory.class));
		Observation request = Observation.start("reactive request", context.getBean(ObservationRegistry.class));
		String value = reactive.opsForValue()
			.get("session:elsewhere")
			.subscribeOn(Schedulers.boundedElastic())
			.contextWrite((reactor) -> reactor.put(ObservationThreadLocalAccessor.KEY, request))
			.block(Duration.ofSeconds(5));
		request.stop();
		assertThat(value).isNull();
		List<SpanData> spans = RedisTestApplication.ended(context);
		SpanData parent = spans.stream()
			.filter((span) -> span.getName().equals("reactive request"))
			.findFirst()
			.orElseThrow();
		assertThat(commands(spans)).singleElement().satisfies((command) -> {
			assertThat(command.getName()).isEqualTo("GET");
			assertThat(command.getParentSpanId()).isEqualTo(parent.getSpanId());
			assertThat(command.getTraceId()).isEqualTo(parent.getTraceId());
		});
	}

	@Test
	void aServerErrorMarksTheSpanWithTheReplyPrefixAndNoMessage() {
		redis.opsForHash().put("session:hash", "f", "v");
		List<SpanData> spans = RedisTestApplication.inScenario(context,
				() -> assertThatExceptionOfType(DataAccessException.class)
					.isThrownBy(() -> redis.opsForValue().get("session:hash")));
		SpanData get = commands(spans).get(0);
		assertThat(get.getName()).isEqualTo("GET");
		assertThat(get.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(get.getStatus().getDescription()).isEmpty();
		assertThat(get.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("WRONGTYPE");
		assertThat(get.getEvents()).singleElement()
			.satisfies((event) -> assertThat(event.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey)
				.containsExactly("exception.type"));
		assertThat(context.getBean(MeterRegistry.class)
			.get("db.client.operation.duration")
			.tags("db.system.name", "redis", "db.operation.name", "GET", "error.type", "WRONGTYPE")
			.timer()
			.count()).isPositive();
	}

	@Test
	void tenThousandDistinctKeysMakeNoMoreSeriesThanPatternsPlusOne() {
		redis.executePipelined((RedisCallback<Object>) (connection) -> {
			for (int i = 0; i < 10_000; i++) {
				String prefix = switch (i % 3) {
					case 0 -> "session:";
					case 1 -> "residence-ids:";
					default -> "order:";
				};
				connection.stringCommands().set(bytes(prefix + i), bytes("v"));
			}
			return null;
		});
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		// Lettuce's I/O thread records the last replies after the pipeline has returned.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			List<Timer> sets = List.copyOf(meters.get("db.client.operation.duration")
				.tags("db.system.name", "redis", "db.operation.name", "SET", "error.type", "none")
				.timers());
			Set<String> collections = sets.stream()
				.map((timer) -> timer.getId().getTag("db.collection.name"))
				.collect(Collectors.toSet());
			assertThat(sets).hasSizeLessThanOrEqualTo(2 + 1);
			assertThat(collections).containsExactlyInAnyOrder("session:*", "residence-ids:*", "_OTHER");
			assertThat(sets.stream().mapToLong(Timer::count).sum()).isGreaterThanOrEqualTo(10_000);
		});
	}

	private static SpanData scenario(List<SpanData> spans) {
		return spans.stream().filter((span) -> span.getName().equals("scenario")).findFirst().orElseThrow();
	}

	/**
	 * The command spans in the order they started: Lettuce ends them as replies are read,
	 * and the replies of a pipeline can end their spans in any order.
	 */
	private static List<SpanData> commands(List<SpanData> spans) {
		return spans.stream()
			.filter((span) -> "redis".equals(span.getAttributes().get(AttributeKey.stringKey("db.system.name"))))
			.sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
			.toList();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

}
