package dev.observability.starter.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.observability.starter.core.ComparableTelemetry;
import dev.observability.starter.core.LeanPathDecision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The Redis integration's wiring: both paths record the same telemetry, Boot's own
 * Lettuce observation can be kept instead, and invalid settings fail startup with the
 * property's name.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisObservabilityAutoConfigurationTests {

	@Test
	void leanAndObservationPathsRecordIdenticalSpansAndMeters() {
		Recorded lean = runScenario(true);
		Recorded observation = runScenario(false);
		assertThat(lean.path).isEqualTo(LeanPathDecision.Path.LEAN);
		assertThat(observation.path).isEqualTo(LeanPathDecision.Path.OBSERVATION);
		assertThat(lean.spans).hasSize(5).isEqualTo(observation.spans);
		assertThat(lean.meters).isNotEmpty().isEqualTo(observation.meters);
	}

	@Test
	void bootsLettuceObservationCanBeKeptInstead() {
		try (ConfigurableApplicationContext context = RedisTestApplication.run(EmbeddedRedis.sharedPort(),
				"--observability.redis.boot-observation=true")) {
			assertThat(context.getBeansOfType(RedisCommandTracing.class)).isEmpty();
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			List<SpanData> spans = RedisTestApplication.inScenario(context, () -> redis.opsForValue().get("boot:key"));
			assertThat(spans).extracting(SpanData::getName).contains("get");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.find("lettuce").timers()).isNotEmpty();
			assertThat(meters.find("db.client.operation.duration").tag("db.system.name", "redis").timers()).isEmpty();
		}
	}

	@Test
	void theSwitchLeavesRedisToBoot() {
		try (ConfigurableApplicationContext context = RedisTestApplication.run(EmbeddedRedis.sharedPort(),
				"--observability.redis.enabled=false")) {
			assertThat(context.getBeansOfType(RedisCommandTracing.class)).isEmpty();
			assertThat(context.getBeansOfType(RedisConnectionEvents.class)).isEmpty();
			context.getBean(StringRedisTemplate.class).opsForValue().get("switch:key");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.find("db.client.operation.duration").tag("db.system.name", "redis").timers()).isEmpty();
			assertThat(meters.find("observability.redis.connection.events").counters()).isEmpty();
		}
	}

	@Test
	void redisTimersGetTheirOwnBuckets() {
		try (ConfigurableApplicationContext context = RedisTestApplication.run(EmbeddedRedis.sharedPort(),
				"--observability.redis.histogram-buckets=1ms,7ms")) {
			context.getBean(StringRedisTemplate.class).opsForValue().get("buckets:key");
			// Lettuce's I/O thread records the command after it has released the caller.
			Timer timer = await().atMost(Duration.ofSeconds(5))
				.ignoreExceptions()
				.until(() -> context.getBean(MeterRegistry.class)
					.get("db.client.operation.duration")
					.tags("db.system.name", "redis", "db.operation.name", "GET")
					.timer(), Objects::nonNull);
			assertThat(timer.takeSnapshot().histogramCounts()).extracting((bucket) -> bucket.bucket())
				.containsExactly(1_000_000.0, 7_000_000.0);
		}
	}

	@Test
	void keyPatternWithUnsupportedSyntaxFailsStartup(CapturedOutput output) {
		assertThatException().isThrownBy(() -> RedisTestApplication.run(EmbeddedRedis.sharedPort(),
				"--observability.redis.key-patterns=session:*,user:[0-9]*"));
		assertThat(output).contains("Property: observability.redis.key-patterns", "user:[0-9]*",
				"only literal text with * (any run) and ? (one character) is supported");
	}

	@Test
	void nonPositiveHistogramBucketFailsStartup(CapturedOutput output) {
		assertThatException().isThrownBy(() -> RedisTestApplication.run(EmbeddedRedis.sharedPort(),
				"--observability.redis.histogram-buckets=1ms,0s"));
		assertThat(output).contains("Property: observability.redis.histogram-buckets",
				"must list one or more durations greater than zero");
	}

	private Recorded runScenario(boolean leanPath) {
		try (ConfigurableApplicationContext context = RedisTestApplication.run(EmbeddedRedis.sharedPort(),
				"--observability.redis.lean-path=" + leanPath, "--observability.redis.key-patterns=paths:*",
				"--observability.redis.statement.enabled=true")) {
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			redis.opsForValue().get("warm-up");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			meters.getMeters()
				.stream()
				.filter((meter) -> meter.getId().getName().startsWith("db.client.operation.duration"))
				.toList()
				.forEach(meters::remove);
			RedisTestApplication.spans(context).reset();
			List<SpanData> spans = RedisTestApplication.inScenario(context, () -> {
				redis.opsForValue().set("paths:a", "1");
				redis.opsForValue().get("paths:a");
				redis.opsForHash().put("other:h", "f", "v");
				assertThatExceptionOfType(DataAccessException.class)
					.isThrownBy(() -> redis.opsForValue().get("other:h"));
				redis.execute((RedisCallback<String>) (connection) -> connection.ping());
			});
			List<SpanData> commands = spans.stream()
				.filter((span) -> "redis".equals(span.getAttributes().get(AttributeKey.stringKey("db.system.name"))))
				.toList();
			return new Recorded(context.getBean(RedisCommandTracing.class).decision().getPath(),
					ComparableTelemetry.spans(commands),
					ComparableTelemetry.meters(meters, "db.client.operation.duration"));
		}
	}

	private record Recorded(LeanPathDecision.Path path, List<Map<String, Object>> spans, Map<String, Long> meters) {

	}

}
