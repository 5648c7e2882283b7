package dev.observability.starter.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key patterns matched against encoded keys.
 */
class RedisKeyPatternsTests {

	private final RedisKeyPatterns patterns = RedisKeyPatterns
		.of(List.of("session:*", "residence-ids:*", "user:?:profile", "cart:*:items", "exact"));

	@Test
	void theFirstMatchingPatternWins() {
		assertThat(match("session:abc")).isEqualTo(0);
		assertThat(match("session:")).isEqualTo(0);
		assertThat(match("residence-ids:all")).isEqualTo(1);
		assertThat(match("user:7:profile")).isEqualTo(2);
		assertThat(match("cart:42:items")).isEqualTo(3);
		assertThat(match("cart::items")).isEqualTo(3);
		assertThat(match("cart:1:2:items")).isEqualTo(3);
		assertThat(match("exact")).isEqualTo(4);
	}

	@Test
	void keysThatMatchNoPatternAreOther() {
		assertThat(match("sessions:abc")).isEqualTo(-1);
		assertThat(match("user:42:profile")).isEqualTo(-1);
		assertThat(match("cart:42:items:old")).isEqualTo(-1);
		assertThat(match("exactly")).isEqualTo(-1);
		assertThat(match("")).isEqualTo(-1);
		assertThat(RedisKeyPatterns.NONE.match(buffer("anything"))).isEqualTo(-1);
	}

	@Test
	void matchingReadsTheBufferFromItsPositionAndLeavesItUnchanged() {
		ByteBuffer key = ByteBuffer.wrap("xxsession:1".getBytes(StandardCharsets.UTF_8));
		key.position(2);
		assertThat(this.patterns.match(key)).isEqualTo(0);
		assertThat(key.position()).isEqualTo(2);
	}

	@Test
	void patternsWithUnsupportedSyntaxAreRejectedWithTheReason() {
		assertThat(RedisKeyPatterns.problem("session:*")).isNull();
		assertThat(RedisKeyPatterns.problem("user:[0-9]")).contains("'['").contains("index 5");
		assertThat(RedisKeyPatterns.problem("a\\*")).contains("'\\'");
		assertThat(RedisKeyPatterns.problem("a b")).contains("whitespace");
		assertThat(RedisKeyPatterns.problem("")).contains("empty");
	}

	private int match(String key) {
		return this.patterns.match(buffer(key));
	}

	private static ByteBuffer buffer(String key) {
		return ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8));
	}

}
