package dev.observability.starter.jdbc;

import org.jspecify.annotations.Nullable;

/**
 * Collapses the parts of a sanitized SQL text whose length depends on the data rather
 * than the code: an {@code IN} list whose items are all alike ({@code IN (?, ?, ?)}
 * becomes {@code IN (?)}, {@code IN ((?, ?), (?, ?))} becomes {@code IN ((?, ?))}) and a
 * {@code VALUES} clause repeating one tuple ({@code VALUES (?, ?), (?, ?)} becomes
 * {@code VALUES (?, ?)}). Hibernate pads IN lists to a new size per batch and bulk
 * inserts repeat their tuple per row, so without this every size would be a new shape.
 * The input holds no literal, so removing parts of it cannot reveal one.
 */
final class SqlLists {

	private SqlLists() {
	}

	/**
	 * Collapse repeated list items and tuples.
	 * @param text SQL text without literals or comments
	 * @return the text with every repetition collapsed
	 */
	static String collapse(String text) {
		StringBuilder out = null;
		int copied = 0;
		int n = text.length();
		int i = 0;
		while (i < n) {
			char c = text.charAt(i);
			if (c == '"' || c == '`') {
				int end = text.indexOf(c, i + 1);
				i = (end < 0) ? n : end + 1;
				continue;
			}
			if (!Character.isLetter(c) || (i > 0 && isIdentifierPart(text.charAt(i - 1)))) {
				i++;
				continue;
			}
			int wordEnd = i + 1;
			while (wordEnd < n && isIdentifierPart(text.charAt(wordEnd))) {
				wordEnd++;
			}
			int open = skipSpaces(text, wordEnd);
			boolean in = wordEnd - i == 2 && text.regionMatches(true, i, "IN", 0, 2);
			boolean values = wordEnd - i == 6 && text.regionMatches(true, i, "VALUES", 0, 6);
			if ((in || values) && open < n && text.charAt(open) == '(') {
				int[] kept = in ? collapseList(text, open) : collapseTuples(text, open);
				if (kept != null) {
					if (out == null) {
						out = new StringBuilder(n);
					}
					out.append(text, copied, kept[0]);
					copied = kept[1];
					i = kept[1];
					continue;
				}
			}
			i = wordEnd;
		}
		if (out == null) {
			return text;
		}
		return out.append(text, copied, n).toString();
	}

	/**
	 * An IN list at {@code open}: when its items are all alike, the end of the text to
	 * keep (up to the first item) and where to resume copying (its closing parenthesis).
	 */
	private static int @Nullable [] collapseList(String text, int open) {
		int close = matchingParenthesis(text, open);
		if (close < 0) {
			return null;
		}
		int firstStart = -1;
		int firstEnd = -1;
		int start = open + 1;
		int depth = 0;
		for (int i = open + 1; i <= close; i++) {
			char c = (i < close) ? text.charAt(i) : ',';
			if (c == '(') {
				depth++;
			}
			else if (c == ')') {
				depth--;
			}
			else if (c == ',' && depth == 0) {
				if (firstStart < 0) {
					firstStart = start;
					firstEnd = i;
				}
				else if (!alike(text, firstStart, firstEnd, start, i)) {
					return null;
				}
				start = i + 1;
			}
		}
		boolean several = firstEnd < close;
		return (several && !isBlank(text, firstStart, firstEnd)) ? new int[] { firstEnd, close } : null;
	}

	/**
	 * A VALUES clause at {@code open}: when it repeats its first tuple, the end of the
	 * text to keep (the first tuple) and where to resume copying (after the last repeat).
	 */
	private static int @Nullable [] collapseTuples(String text, int open) {
		int close = matchingParenthesis(text, open);
		if (close < 0) {
			return null;
		}
		String first = text.substring(open, close + 1);
		int end = close + 1;
		while (true) {
			int comma = skipSpaces(text, end);
			if (comma >= text.length() || text.charAt(comma) != ',') {
				break;
			}
			int next = skipSpaces(text, comma + 1);
			if (!text.startsWith(first, next)) {
				break;
			}
			end = next + first.length();
		}
		return (end > close + 1) ? new int[] { close + 1, end } : null;
	}

	/**
	 * Whether two items are the same once trimmed, a sign in front of a parameter not
	 * counting ({@code ?} and {@code -?} are alike).
	 */
	private static boolean alike(String text, int start1, int end1, int start2, int end2) {
		int s1 = skipSign(text, Math.min(skipSpaces(text, start1), end1), end1);
		int e1 = trimEnd(text, s1, end1);
		int s2 = skipSign(text, Math.min(skipSpaces(text, start2), end2), end2);
		int e2 = trimEnd(text, s2, end2);
		return e1 - s1 == e2 - s2 && text.regionMatches(s1, text, s2, e1 - s1);
	}

	private static int skipSign(String text, int start, int end) {
		boolean signedParameter = end - start >= 2 && (text.charAt(start) == '-' || text.charAt(start) == '+')
				&& text.charAt(start + 1) == '?' && trimEnd(text, start, end) == start + 2;
		return signedParameter ? start + 1 : start;
	}

	private static int trimEnd(String text, int start, int end) {
		int e = end;
		while (e > start && text.charAt(e - 1) == ' ') {
			e--;
		}
		return e;
	}

	private static boolean isBlank(String text, int start, int end) {
		return trimEnd(text, start, end) == start;
	}

	private static int matchingParenthesis(String text, int open) {
		int depth = 0;
		for (int i = open; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '`') {
				int end = text.indexOf(c, i + 1);
				if (end < 0) {
					return -1;
				}
				i = end;
			}
			else if (c == '(') {
				depth++;
			}
			else if (c == ')' && --depth == 0) {
				return i;
			}
		}
		return -1;
	}

	private static int skipSpaces(String text, int from) {
		int i = from;
		while (i < text.length() && text.charAt(i) == ' ') {
			i++;
		}
		return i;
	}

	private static boolean isIdentifierPart(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.';
	}

}
