package dev.observability.starter.jdbc;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Cheap lexical pass over SQL text that replaces every literal (strings, numbers, hex,
 * dollar-quoted bodies) with {@code ?} and drops comments ({@code #} ones too on MySQL).
 * It is applied to every text before it leaves the analyzer, and alone to SQL the parser
 * cannot read. When the text cannot be split into tokens with certainty (an unterminated
 * quote, a backslash inside a string, whose meaning depends on the server's settings), it
 * gives up and returns {@code null}, so that the caller drops the text instead of risking
 * a leak.
 */
final class SqlTokenizer {

	private final String sql;

	private final boolean doubleQuotedStrings;

	private final StringBuilder out;

	private final List<String> words = new ArrayList<>();

	private final List<Integer> depths = new ArrayList<>();

	private int depth;

	private int lastWordEnd = -1;

	private SqlTokenizer(String sql, boolean doubleQuotedStrings) {
		this.sql = sql;
		this.doubleQuotedStrings = doubleQuotedStrings;
		this.out = new StringBuilder(sql.length());
	}

	/**
	 * Replace every literal of {@code sql} by {@code ?} and drop comments.
	 * @param sql the SQL text
	 * @param doubleQuotedStrings whether {@code "..."} is a string (MySQL's default)
	 * rather than a quoted identifier
	 * @return the sanitized text, or {@code null} when it cannot be sanitized with
	 * certainty
	 */
	static @Nullable String sanitize(String sql, boolean doubleQuotedStrings) {
		SqlTokenizer tokenizer = new SqlTokenizer(sql, doubleQuotedStrings);
		return tokenizer.scan() ? tokenizer.out.toString().trim() : null;
	}

	/**
	 * Analyse SQL the parser could not read: the operation is the first keyword, the
	 * table the first name after {@code FROM}, {@code INTO}, {@code UPDATE} or
	 * {@code TABLE}.
	 * @param sql the SQL text
	 * @param doubleQuotedStrings whether {@code "..."} is a string
	 * @return the analysis
	 */
	static SqlAnalysis analyze(String sql, boolean doubleQuotedStrings) {
		SqlTokenizer tokenizer = new SqlTokenizer(sql, doubleQuotedStrings);
		boolean complete = tokenizer.scan();
		SqlWords words = new SqlWords(tokenizer.words, tokenizer.depths);
		String operation = words.operation();
		String text = complete ? tokenizer.out.toString().trim() : SqlAnalyzer.withheld(operation);
		return new SqlAnalysis(operation, words.collection(operation), text);
	}

	private boolean scan() {
		String s = this.sql;
		int n = s.length();
		int i = 0;
		while (i < n) {
			char c = s.charAt(i);
			if (Character.isWhitespace(c)) {
				space();
				i++;
			}
			else if ((c == '-' && i + 1 < n && s.charAt(i + 1) == '-') || (c == '#' && this.doubleQuotedStrings)) {
				int end = s.indexOf('\n', i);
				i = (end < 0) ? n : end;
				space();
			}
			else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
				i = skipBlockComment(i);
				space();
			}
			else if (c == '\'' || (c == '"' && this.doubleQuotedStrings)) {
				i = skipString(i, c);
				if (i < 0) {
					return false;
				}
				this.out.append('?');
			}
			else if (c == '"' || c == '`') {
				int end = s.indexOf(c, i + 1);
				if (end < 0) {
					return false;
				}
				word(s.substring(i, end + 1));
				i = end + 1;
			}
			else if (c == '$' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
				int end = i + 1;
				while (end < n && Character.isDigit(s.charAt(end))) {
					end++;
				}
				this.out.append(s, i, end);
				i = end;
			}
			else if (c == '$') {
				i = skipDollarQuoted(i);
				if (i < 0) {
					return false;
				}
				this.out.append('?');
			}
			else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
				i = skipNumber(i);
				this.out.append('?');
			}
			else if (Character.isLetter(c) || c == '_') {
				int end = i + 1;
				while (end < n && isIdentifierPart(s.charAt(end))) {
					end++;
				}
				word(s.substring(i, end));
				i = end;
			}
			else {
				if (c == '(') {
					this.depth++;
				}
				else if (c == ')') {
					this.depth--;
				}
				this.out.append(c);
				i++;
			}
		}
		return true;
	}

	private void space() {
		int length = this.out.length();
		if (length > 0 && this.out.charAt(length - 1) != ' ') {
			this.out.append(' ');
		}
	}

	private void word(String word) {
		int length = this.out.length();
		boolean qualified = length > 0 && this.out.charAt(length - 1) == '.' && this.lastWordEnd == length - 1;
		this.out.append(word);
		this.lastWordEnd = this.out.length();
		if (qualified) {
			int last = this.words.size() - 1;
			this.words.set(last, this.words.get(last) + "." + word);
		}
		else {
			this.words.add(word);
			this.depths.add(this.depth);
		}
	}

	private int skipBlockComment(int start) {
		int nesting = 0;
		int i = start;
		int n = this.sql.length();
		while (i < n - 1) {
			if (this.sql.charAt(i) == '/' && this.sql.charAt(i + 1) == '*') {
				nesting++;
				i += 2;
			}
			else if (this.sql.charAt(i) == '*' && this.sql.charAt(i + 1) == '/') {
				nesting--;
				i += 2;
				if (nesting == 0) {
					return i;
				}
			}
			else {
				i++;
			}
		}
		return n;
	}

	private int skipString(int start, char quote) {
		int n = this.sql.length();
		int i = start + 1;
		while (i < n) {
			char c = this.sql.charAt(i);
			if (c == '\\') {
				return -1;
			}
			if (c == quote) {
				if (i + 1 < n && this.sql.charAt(i + 1) == quote) {
					i += 2;
					continue;
				}
				return i + 1;
			}
			i++;
		}
		return -1;
	}

	private int skipDollarQuoted(int start) {
		int close = this.sql.indexOf('$', start + 1);
		if (close < 0) {
			return -1;
		}
		for (int i = start + 1; i < close; i++) {
			if (!isIdentifierPart(this.sql.charAt(i)) || this.sql.charAt(i) == '$') {
				return -1;
			}
		}
		String tag = this.sql.substring(start, close + 1);
		int end = this.sql.indexOf(tag, close + 1);
		return (end < 0) ? -1 : end + tag.length();
	}

	private int skipNumber(int start) {
		int n = this.sql.length();
		boolean hex = this.sql.regionMatches(true, start, "0x", 0, 2);
		int i = start;
		while (i < n) {
			char c = this.sql.charAt(i);
			boolean exponentSign = !hex && (c == '+' || c == '-')
					&& (this.sql.charAt(i - 1) == 'e' || this.sql.charAt(i - 1) == 'E');
			if (isIdentifierPart(c) || c == '.' || exponentSign) {
				i++;
			}
			else {
				break;
			}
		}
		return i;
	}

	private static boolean isIdentifierPart(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '$';
	}

}
