package dev.observability.starter.jdbc;

import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Date;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Hashes of bind values, which tell an N+1 (one statement, different values each time)
 * from a repeated query (one statement, the same values each time) without keeping a
 * value: each parameter contributes a 64-bit mix of its index and its value's hash, and
 * the contributions are added, so the order in which parameters are bound does not
 * matter. Values with a well-defined {@code hashCode} (strings, numbers, dates, UUIDs,
 * enums, byte arrays) are hashed by value; streams, LOBs and other objects by identity,
 * which makes every execution that binds one look different. The hashes stay in the
 * process: they are compared within one unit of work and never exported.
 */
final class BindHashes {

	private BindHashes() {
	}

	/**
	 * Contribution of one bound parameter.
	 * @param parameter hash of the parameter's index or name
	 * @param value the bound value
	 * @return the contribution
	 */
	static long parameter(int parameter, @Nullable Object value) {
		return mix(((long) parameter << 32) ^ (valueHash(value) & 0xFFFFFFFFL));
	}

	/**
	 * Contribution of one parameter set of a batch.
	 * @param index position of the set in the batch
	 * @param binds hash of the set
	 * @return the contribution
	 */
	static long parameter(int index, long binds) {
		return mix(binds ^ ((long) index * 0x9E3779B97F4A7C15L));
	}

	/**
	 * Hash of one execution: its SQL text (which holds the literals of a plain statement)
	 * and its bind values.
	 * @param sql the statement's text
	 * @param binds sum of the parameters' contributions
	 * @return the hash
	 */
	static long execution(String sql, long binds) {
		return sql.hashCode() * 0x9E3779B97F4A7C15L + binds;
	}

	private static int valueHash(@Nullable Object value) {
		if (value == null) {
			return 0;
		}
		if (value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof Date
				|| value instanceof Temporal || value instanceof UUID || value instanceof Enum<?>
				|| value instanceof Character) {
			return value.hashCode();
		}
		if (value instanceof byte[] bytes) {
			return Arrays.hashCode(bytes);
		}
		return System.identityHashCode(value);
	}

	/** The finalizer of MurmurHash3: spreads every input bit over the result. */
	private static long mix(long value) {
		long h = value;
		h ^= h >>> 33;
		h *= 0xFF51AFD7ED558CCDL;
		h ^= h >>> 33;
		h *= 0xC4CEB9FE1A85EC53L;
		h ^= h >>> 33;
		return h;
	}

}
