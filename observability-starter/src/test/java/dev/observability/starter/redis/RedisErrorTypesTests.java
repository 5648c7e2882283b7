package dev.observability.starter.redis;

import java.io.IOException;
import java.util.concurrent.CancellationException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounded error types of failed commands.
 */
class RedisErrorTypesTests {

	@Test
	void replyErrorsAreNamedByTheirPrefixAlone() {
		assertThat(RedisErrorTypes.ofReply("WRONGTYPE Operation against a key holding the wrong kind of value"))
			.isEqualTo("WRONGTYPE");
		assertThat(RedisErrorTypes.ofReply("NOAUTH Authentication required.")).isEqualTo("NOAUTH");
		assertThat(RedisErrorTypes.ofReply("ERR unknown command 'FOO', with args beginning with: 's3cr3t'"))
			.isEqualTo("ERR");
		assertThat(RedisErrorTypes.ofReply("NOSCRIPT")).isEqualTo("NOSCRIPT");
	}

	@Test
	void repliesWithoutAWellFormedPrefixAreGeneric() {
		assertThat(RedisErrorTypes.ofReply("s3cr3t is not allowed")).isEqualTo("ERR");
		assertThat(RedisErrorTypes.ofReply("ABCDEFGHIJKLMNOPQRSTUVWXYZ too long")).isEqualTo("ERR");
		assertThat(RedisErrorTypes.ofReply("")).isEqualTo("ERR");
		assertThat(RedisErrorTypes.ofReply(null)).isEqualTo("ERR");
	}

	@Test
	void clientFailuresHaveFixedTypes() {
		assertThat(RedisErrorTypes.of(new RedisCommandExecutionException("MOVED 3999 127.0.0.1:6381")))
			.isEqualTo("MOVED");
		assertThat(RedisErrorTypes.of(new RedisCommandTimeoutException("Command timed out after 2 second(s)")))
			.isEqualTo("timeout");
		assertThat(RedisErrorTypes.of(new CancellationException())).isEqualTo("cancelled");
		assertThat(RedisErrorTypes.of(new RedisConnectionException("Connection closed")))
			.isEqualTo("connection_failure");
		assertThat(RedisErrorTypes.of(new RedisException("wrapped", new IOException("Connection reset"))))
			.isEqualTo("connection_failure");
		assertThat(RedisErrorTypes.of(new RedisException("Connection closed"))).isEqualTo("connection_failure");
		assertThat(RedisErrorTypes.of(new RedisException("Connection disconnected"))).isEqualTo("connection_failure");
		assertThat(RedisErrorTypes.of(new RedisException("something else"))).isEqualTo(RedisException.class.getName());
		assertThat(RedisErrorTypes.of(new IllegalStateException("s3cr3t")))
			.isEqualTo(IllegalStateException.class.getName());
	}

}
