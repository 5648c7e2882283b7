package dev.observability.starter.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The key patterns of {@code observability.redis.key-patterns}, matched against the
 * encoded bytes of a command's first key. A pattern is literal text with two wildcards:
 * {@code *} matches any run of bytes (also none) and {@code ?} exactly one byte. Patterns
 * are tried in the order configured and the first match wins. Matching walks the key's
 * bytes in place: it compiles nothing and allocates nothing.
 */
final class RedisKeyPatterns {

	/**
	 * Characters a pattern may not contain: Redis' own glob syntax has character classes
	 * and escapes, which these patterns do not support, and whitespace is never part of a
	 * key a pattern was meant for.
	 */
	private static final String FORBIDDEN = "[]\\";

	static final RedisKeyPatterns NONE = new RedisKeyPatterns(List.of());

	private final List<String> names;

	private final byte[][] patterns;

	private RedisKeyPatterns(List<String> names) {
		this.names = List.copyOf(names);
		this.patterns = new byte[names.size()][];
		for (int i = 0; i < names.size(); i++) {
			this.patterns[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
		}
	}

	/**
	 * Patterns from their configured text, which {@link #problem} found valid.
	 * @param patterns the patterns
	 * @return the compiled patterns
	 */
	static RedisKeyPatterns of(List<String> patterns) {
		return patterns.isEmpty() ? NONE : new RedisKeyPatterns(patterns);
	}

	/**
	 * What is wrong with a pattern.
	 * @param pattern the pattern as configured
	 * @return a description of the problem, or {@code null} when the pattern is valid
	 */
	static @Nullable String problem(@Nullable String pattern) {
		if (pattern == null || pattern.isEmpty()) {
			return "a pattern must not be empty";
		}
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (FORBIDDEN.indexOf(c) >= 0) {
				return "'" + pattern + "' contains '" + c + "' at index " + i
						+ "; only literal text with * (any run) and ? (one character) is supported";
			}
			if (Character.isWhitespace(c) || Character.isISOControl(c)) {
				return "'" + pattern + "' contains whitespace or a control character at index " + i;
			}
		}
		return null;
	}

	int size() {
		return this.patterns.length;
	}

	String name(int index) {
		return this.names.get(index);
	}

	/**
	 * The first pattern the key matches.
	 * @param key the encoded key, read from its position to its limit and left unchanged
	 * @return the pattern's index, or {@code -1} when none matches
	 */
	int match(ByteBuffer key) {
		for (int i = 0; i < this.patterns.length; i++) {
			if (matches(this.patterns[i], key, key.position(), key.limit())) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Wildcard matching with one remembered star: on a mismatch after a {@code *}, the
	 * star takes one more byte and matching resumes after it. Linear in practice and
	 * never worse than pattern length times key length.
	 */
	private static boolean matches(byte[] pattern, ByteBuffer key, int start, int end) {
		int p = 0;
		int k = start;
		int starAt = -1;
		int resumeAt = 0;
		while (k < end) {
			if (p < pattern.length && (pattern[p] == '?' || (pattern[p] != '*' && pattern[p] == key.get(k)))) {
				p++;
				k++;
			}
			else if (p < pattern.length && pattern[p] == '*') {
				starAt = p++;
				resumeAt = k;
			}
			else if (starAt >= 0) {
				p = starAt + 1;
				k = ++resumeAt;
			}
			else {
				return false;
			}
		}
		while (p < pattern.length && pattern[p] == '*') {
			p++;
		}
		return p == pattern.length;
	}

}
