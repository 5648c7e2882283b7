package dev.observability.starter.redis;

import java.util.List;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;

import dev.observability.starter.core.ComparableTelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A secret planted in the values of SET, HSET, AUTH and EVAL (and in the script itself)
 * appears in no span, no metric and no log line, whether the masked statement is on or
 * off; with it on, the statement keeps keys and masks the rest.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisSecretsTests {

	private static final String SECRET = "pl4nted-s3cr3t";

	@Test
	void noSecretLeavesWithStatementsOff(CapturedOutput output) {
		List<SpanData> spans = runPlantedCommands(output);
		assertThat(commandSpans(spans))
			.extracting((span) -> span.getAttributes().get(AttributeKey.stringKey("db.query.text")))
			.containsOnlyNulls();
	}

	@Test
	void noSecretLeavesWithStatementsOnAndStatementsKeepKeys(CapturedOutput output) {
		List<SpanData> spans = runPlantedCommands(output, "--observability.redis.statement.enabled=true",
				"--logging.level.dev.observability=DEBUG");
		assertThat(commandSpans(spans))
			.extracting((span) -> span.getAttributes().get(AttributeKey.stringKey("db.query.text")))
			.contains("SET user:42 ?", "HSET user:43 password ?", "AUTH ?", "EVAL ? ? user:42 ?",
					"EVALSHA ? ? user:42 ?");
	}

	@Test
	void keysCanBeMaskedInStatements(CapturedOutput output) {
		List<SpanData> spans = runPlantedCommands(output, "--observability.redis.statement.enabled=true",
				"--observability.redis.statement.keys=false");
		assertThat(commandSpans(spans))
			.extracting((span) -> span.getAttributes().get(AttributeKey.stringKey("db.query.text")))
			.contains("SET ? ?", "HSET ? ? ?", "AUTH ?")
			.noneMatch((statement) -> statement.contains("user:42"));
	}

	private List<SpanData> runPlantedCommands(CapturedOutput output, String... properties) {
		try (ConfigurableApplicationContext context = RedisTestApplication.run(EmbeddedRedis.sharedPort(),
				properties)) {
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			redis.opsForValue().get("warm-up");
			RedisTestApplication.spans(context).reset();
			List<SpanData> spans = RedisTestApplication.inScenario(context, () -> {
				redis.opsForValue().set("user:42", SECRET);
				redis.opsForHash().put("user:43", "password", SECRET);
				assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> redis
					.execute((RedisCallback<Object>) (connection) -> connection.execute("AUTH", bytes(SECRET))));
				redis.execute(new DefaultRedisScript<>("return redis.call('SET', KEYS[1], ARGV[1])", String.class),
						List.of("user:42"), SECRET);
				redis.execute((RedisCallback<Object>) (connection) -> eval(connection));
				redis.delete(List.of("user:42", "user:43"));
			});
			String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
			assertThat(scrape).contains("db_system_name=\"redis\"").doesNotContain(SECRET);
			assertThat(output.getAll()).doesNotContain(SECRET);
			assertThat(ComparableTelemetry.exportedTexts(spans))
				.allSatisfy((value) -> assertThat(value).doesNotContain(SECRET));
			assertThat(commandSpans(spans)).extracting(SpanData::getName)
				.contains("SET", "HSET", "AUTH", "EVALSHA", "EVAL", "DEL");
			return spans;
		}
	}

	private static Object eval(RedisConnection connection) {
		return connection.scriptingCommands()
			.eval(bytes("return '" + SECRET + "'"), org.springframework.data.redis.connection.ReturnType.VALUE, 1,
					bytes("user:42"), bytes(SECRET));
	}

	private static List<SpanData> commandSpans(List<SpanData> spans) {
		return spans.stream()
			.filter((span) -> "redis".equals(span.getAttributes().get(AttributeKey.stringKey("db.system.name"))))
			.toList();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

}
