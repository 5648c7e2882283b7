package dev.observability.starter.redis;

import java.io.IOException;
import java.util.concurrent.CancellationException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import org.jspecify.annotations.Nullable;

/**
 * Bounded {@code error.type} values of failed Redis commands. A reply error is named by
 * its prefix, the word Redis puts first for clients to branch on ({@code WRONGTYPE},
 * {@code NOAUTH}, {@code MOVED}, {@code ERR}); the rest of the message is never used, as
 * it may quote the command's arguments. Client-side failures are
 * {@code connection_failure}, {@code timeout}, {@code cancelled} and {@code interrupted};
 * anything else is the exception's class name.
 */
final class RedisErrorTypes {

	static final String CONNECTION_FAILURE = "connection_failure";

	static final String TIMEOUT = "timeout";

	static final String CANCELLED = "cancelled";

	static final String INTERRUPTED = "interrupted";

	/**
	 * Used when a reply error has no well-formed prefix.
	 */
	static final String GENERIC = "ERR";

	private static final int MAX_PREFIX_LENGTH = 24;

	private static final String LOST_CONNECTION = "Connection ";

	private RedisErrorTypes() {
	}

	/**
	 * The type of a failure the client reported.
	 * @param failure what the command completed with
	 * @return the bounded type
	 */
	static String of(Throwable failure) {
		if (failure instanceof RedisCommandExecutionException) {
			return ofReply(failure.getMessage());
		}
		if (failure instanceof RedisCommandTimeoutException) {
			return TIMEOUT;
		}
		if (failure instanceof CancellationException) {
			return CANCELLED;
		}
		if (failure instanceof RedisCommandInterruptedException) {
			return INTERRUPTED;
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RedisConnectionException || cause instanceof IOException) {
				return CONNECTION_FAILURE;
			}
		}
		if (failure.getClass() == RedisException.class && failure.getMessage() != null
				&& failure.getMessage().startsWith(LOST_CONNECTION)) {
			// How Lettuce fails the commands of a connection it closes or gives up on.
			return CONNECTION_FAILURE;
		}
		return failure.getClass().getName();
	}

	/**
	 * The type of an error reply.
	 * @param reply the server's error message, e.g.
	 * {@code WRONGTYPE Operation against a key holding the wrong kind of value}
	 * @return its prefix when it is a word of capital letters, otherwise
	 * {@value #GENERIC}
	 */
	static String ofReply(@Nullable String reply) {
		if (reply == null) {
			return GENERIC;
		}
		int end = 0;
		while (end < reply.length() && end <= MAX_PREFIX_LENGTH && isPrefixChar(reply.charAt(end))) {
			end++;
		}
		boolean word = end > 0 && end <= MAX_PREFIX_LENGTH && (end == reply.length() || reply.charAt(end) == ' ');
		return word ? reply.substring(0, end) : GENERIC;
	}

	private static boolean isPrefixChar(char c) {
		return (c >= 'A' && c <= 'Z') || c == '_';
	}

}
