package dev.observability.test;

import java.util.List;

import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the Redis commands of one trace; start with
 * {@code assertThat(trace).redisCommands()}. Only spans of the span catalogue's
 * {@code redis} role count, as in {@link Trace#redisCommands()}.
 */
public class RedisCommandsAssert extends AbstractAssert<RedisCommandsAssert, Trace> {

	RedisCommandsAssert(Trace actual) {
		super(actual, RedisCommandsAssert.class);
	}

	/**
	 * Verify the trace sent exactly this many Redis commands.
	 * <p>
	 * Passes: {@code assertThat(trace).redisCommands().hasCount(1)} for a request that
	 * read one cached value. Fails: {@code hasCount(1)} for a request that missed the
	 * cache and also wrote the value; the failure lists the commands in order.
	 * @param expected the number of commands
	 * @return this assertion
	 */
	public RedisCommandsAssert hasCount(int expected) {
		isNotNull();
		List<String> commands = this.actual.redisCommands();
		if (commands.size() != expected) {
			failWithMessage("%s",
					FailureMessages.count(this.actual, plural(expected), commands, FailureMessages.COMMAND_LOOP));
		}
		return this;
	}

	/**
	 * Verify the trace sent at most this many Redis commands, a guard against a cache
	 * read in a loop.
	 * <p>
	 * Passes: {@code assertThat(trace).redisCommands().hasCountAtMost(3)} for a request
	 * that sent two commands. Fails: {@code hasCountAtMost(1)} for the same request.
	 * @param maximum the largest acceptable number of commands
	 * @return this assertion
	 */
	public RedisCommandsAssert hasCountAtMost(int maximum) {
		isNotNull();
		List<String> commands = this.actual.redisCommands();
		if (commands.size() > maximum) {
			failWithMessage("%s", FailureMessages.count(this.actual, "at most " + plural(maximum), commands,
					FailureMessages.COMMAND_LOOP));
		}
		return this;
	}

	private static String plural(int count) {
		return count + ((count == 1) ? " Redis command" : " Redis commands");
	}

}
