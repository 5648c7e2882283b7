package dev.observability.sample.redis;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded Redis server: started on a free port before Boot's Redis
 * auto-configuration connects to it, stopped with the context, and left out on the
 * {@code redis} profile.
 */
class EmbeddedRedisConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
		.withUserConfiguration(EmbeddedRedisConfiguration.class);

	@Test
	void startsARedisServerThatBootsConnectionFactoryUses() {
		this.contextRunner.run((context) -> {
			RedisServer server = context.getBean(RedisServer.class);
			assertThat(server.isActive()).isTrue();
			assertThat(context.getBean(DataRedisConnectionDetails.class).getStandalone())
				.satisfies((standalone) -> assertThat(standalone.getHost()).isEqualTo("127.0.0.1"))
				.satisfies((standalone) -> assertThat(standalone.getPort()).isEqualTo(server.ports().get(0)));
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			redis.opsForValue().set("embedded-redis-test", "reached");
			assertThat(redis.opsForValue().get("embedded-redis-test")).isEqualTo("reached");
		});
	}

	@Test
	void stopsTheServerWhenTheContextCloses() {
		AtomicReference<RedisServer> server = new AtomicReference<>();
		this.contextRunner.run((context) -> server.set(context.getBean(RedisServer.class)));
		assertThat(server.get().isActive()).isFalse();
	}

	@Test
	void startsNoServerOnTheRedisProfile() {
		this.contextRunner.withInitializer((context) -> context.getEnvironment().setActiveProfiles("redis"))
			.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:6390")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RedisServer.class);
				assertThat(context.getBean(DataRedisConnectionDetails.class).getStandalone())
					.satisfies((standalone) -> assertThat(standalone.getHost()).isEqualTo("127.0.0.1"))
					.satisfies((standalone) -> assertThat(standalone.getPort()).isEqualTo(6390));
			});
	}

}
