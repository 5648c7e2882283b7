package dev.observability.starter.redis;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis commands through Spring Data Redis and Lettuce against a real redis-server.
 */
class RedisCommandSpansTests {

	@Test
	void eachCommandIsAClientSpanUnderTheSpanThatIssuedIt() {
		try (ConfigurableApplicationContext context = RedisTestApplication.run(EmbeddedRedis.sharedPort())) {
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			List<SpanData> spans = RedisTestApplication.inScenario(context, () -> {
				redis.opsForValue().set("residence-ids:all", "1,2,3");
				redis.opsForValue().get("residence-ids:all");
			});
			System.out.println(spans);
			SpanData scenario = spans.stream()
				.filter((span) -> span.getName().equals("scenario"))
				.findFirst()
				.orElseThrow();
			assertThat(spans).filteredOn((span) -> span != scenario)
				.extracting(SpanData::getName)
				.containsExactly("SET", "GET");
			assertThat(spans).filteredOn((span) -> span != scenario).allSatisfy((span) -> {
				assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
				assertThat(span.getParentSpanId()).isEqualTo(scenario.getSpanId());
				assertThat(span.getAttributes().get(AttributeKey.longKey("server.port")))
					.isEqualTo((long) EmbeddedRedis.sharedPort());
			});
		}
	}

}
