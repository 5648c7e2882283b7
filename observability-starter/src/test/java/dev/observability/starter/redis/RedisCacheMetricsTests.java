package dev.observability.starter.redis;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.cache.RedisCacheManager;

import dev.observability.starter.core.CapturedSpansConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Cache over Redis: Boot's cache meters count every hit, miss, put and removal,
 * also for a cache created on first use, without any Boot property.
 */
class RedisCacheMetricsTests {

	@Test
	void cacheCountersMatchTheCallsMadeAlsoForCachesCreatedAfterStartup() {
		try (ConfigurableApplicationContext context = RedisTestApplication.run(CachingApplication.class,
				EmbeddedRedis.sharedPort(), "--spring.cache.type=redis", "--spring.cache.cache-names=startup")) {
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(RedisCacheManager.class);
			Names names = context.getBean(Names.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			// Spring Data writes to Redis asynchronously and counts a put or a removal
			// when
			// it completes: each write is awaited before the key is read again.
			names.evict(1);
			names.evict(2);
			awaitCount(meters, "cache.removals", 2);
			names.nameOf(1);
			awaitCount(meters, "cache.puts", 1);
			names.nameOf(1);
			names.nameOf(1);
			names.nameOf(2);
			awaitCount(meters, "cache.puts", 2);
			names.evict(1);
			awaitCount(meters, "cache.removals", 3);
			names.nameOf(1);
			awaitCount(meters, "cache.puts", 3);
			names.startup(7);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(count(meters, "cache.puts", "startup")).isEqualTo(1));
			names.startup(7);
			assertThat(count(meters, "cache.gets", "late", "result", "hit")).isEqualTo(2);
			assertThat(count(meters, "cache.gets", "late", "result", "miss")).isEqualTo(3);
			assertThat(count(meters, "cache.puts", "late")).isEqualTo(3);
			assertThat(count(meters, "cache.removals", "late")).isEqualTo(3);
			assertThat(count(meters, "cache.gets", "startup", "result", "hit")).isEqualTo(1);
			assertThat(count(meters, "cache.gets", "startup", "result", "miss")).isEqualTo(1);
			assertThat(meters.get("cache.puts").tag("cache", "late").functionCounter().getId().getTag("cache.manager"))
				.isEqualTo("cacheManager");
			assertThat(names.calls()).isEqualTo(3);
		}
	}

	@Test
	void cacheMetricsCanBeLeftOff() {
		try (ConfigurableApplicationContext context = RedisTestApplication.run(CachingApplication.class,
				EmbeddedRedis.sharedPort(), "--spring.cache.type=redis", "--observability.redis.cache-metrics=false")) {
			context.getBean(Names.class).nameOf(3);
			assertThat(context.getBean(MeterRegistry.class).find("cache.gets").tag("cache", "late").meters()).isEmpty();
		}
	}

	private static void awaitCount(MeterRegistry meters, String name, long expected) {
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(count(meters, name, "late")).isEqualTo(expected));
	}

	private static long count(MeterRegistry meters, String name, String cache, String... tags) {
		RequiredSearch search = meters.get(name).tag("cache", cache).tags(tags);
		return (long) search.functionCounter().count();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableCaching
	@Import({ CapturedSpansConfiguration.class, Names.class })
	static class CachingApplication {

	}

	static class Names {

		private int calls;

		public int calls() {
			return this.calls;
		}

		@Cacheable("late")
		public String nameOf(int id) {
			this.calls++;
			return "residence-" + id;
		}

		@CacheEvict("late")
		public void evict(int id) {
		}

		@Cacheable("startup")
		public String startup(int id) {
			return "startup-" + id;
		}

	}

}
