package dev.observability.starter.jdbc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Cheap lexical pass over SQL text that replaces every literal (strings, numbers, hex,
 * typed and dollar-quoted literals) with {@code ?}, drops comments ({@code #} ones too on
 * MySQL), collapses repeated {@code IN} list items and {@code VALUES} tuples, and
 * collects the words that name the operation and the table. Its text is what the analyzer
 * reports and the shape it caches by. When the text cannot be split into tokens with
 * certainty (an unterminated quote, a backslash inside a string where its meaning depends
 * on the server's settings, Oracle's {@code q'[...]'} quoting), the scan stops and the
 * text is reported as incomplete, so that the caller withholds it instead of risking a
 * leak.
 */
final class SqlTokenizer {

	private final String sql;

	private final SqlDialect dialect;

	private final StringBuilder out;

	private final List<String> words = new ArrayList<>();

	private int[] depths = new int[16];

	private int depth;

	private int lastWordEnd = -1;

	private boolean sensitive;

	private boolean lists;

	private final boolean complete;

	private SqlTokenizer(String sql, SqlDialect dialect) {
		this.sql = sql;
		this.dialect = dialect;
		this.out = new StringBuilder(sql.length());
		this.complete = scan();
	}

	/**
	 * Run the lexical pass over one text.
	 * @param sql the SQL text
	 * @param dialect how the database reads quotes and backslashes
	 * @return the pass's result
	 */
	static SqlTokenizer scan(String sql, SqlDialect dialect) {
		return new SqlTokenizer(sql, dialect);
	}

	/**
	 * Analyse SQL from its words alone: the operation is the first keyword, the table the
	 * first name after {@code FROM}, {@code INTO}, {@code UPDATE} or {@code TABLE}.
	 * @param sql the SQL text
	 * @param doubleQuotedStrings whether {@code "..."} is a string
	 * @return the analysis
	 */
	static SqlAnalysis analyze(String sql, boolean doubleQuotedStrings) {
		SqlTokenizer tokenizer = scan(sql, SqlDialect.of(doubleQuotedStrings));
		String operation = tokenizer.operation();
		return new SqlAnalysis(operation, tokenizer.collection(operation),
				tokenizer.isComplete() ? tokenizer.shape() : SqlAnalyzer.withheld(operation));
	}

	/**
	 * Whether every literal and comment was found with certainty.
	 * @return whether the text can be reported
	 */
	boolean isComplete() {
		return this.complete;
	}

	/**
	 * Whether the text had a literal or a comment, which its shape no longer has.
	 * @return whether the raw text holds more than its shape
	 */
	boolean isSensitive() {
		return this.sensitive || !this.complete;
	}

	/**
	 * The text without literals and comments, with repeated list items collapsed; only
	 * meaningful when {@link #isComplete() complete}.
	 * @return the shape
	 */
	String shape() {
		String text = this.out.toString().trim();
		return this.lists ? SqlLists.collapse(text) : text;
	}

	String operation() {
		return words().operation();
	}

	@Nullable String collection(String operation) {
		return words().collection(operation);
	}

	private SqlWords words() {
		return new SqlWords(this.words, this.depths);
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
			else if ((c == '-' && i + 1 < n && s.charAt(i + 1) == '-')
					|| (c == '#' && this.dialect == SqlDialect.MYSQL)) {
				int end = s.indexOf('\n', i);
				i = (end < 0) ? n : end;
				this.sensitive = true;
				space();
			}
			else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
				i = skipBlockComment(i);
				this.sensitive = true;
				space();
			}
			else if (c == '\'' || (c == '"' && this.dialect.doubleQuotedStrings())) {
				i = string(i, c);
				if (i < 0) {
					return false;
				}
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
				literal();
			}
			else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
				i = skipNumber(i);
				literal();
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

	/**
	 * A quoted string, together with the prefix that types it: {@code X'..'},
	 * {@code N'..'}, {@code B'..'}, {@code E'..'} (written without a space) and
	 * {@code DATE '..'}, {@code TIME '..'}, {@code TIMESTAMP '..'} all become one
	 * {@code ?}.
	 */
	private int string(int start, char quote) {
		@Nullable String prefix = (quote == '\'') ? typePrefix() : null;
		if ("Q".equals(prefix) || "NQ".equals(prefix)) {
			return -1;
		}
		boolean escapeString = "E".equals(prefix);
		int end = skipString(start, quote, this.dialect.backslashIsOrdinary() && !escapeString);
		if (end >= 0) {
			if (prefix != null) {
				removeLastWord(this.out.length() - this.lastWordEnd);
			}
			literal();
		}
		return end;
	}

	private @Nullable String typePrefix() {
		int size = this.words.size();
		if (size == 0 || this.lastWordEnd < 0 || this.depths[size - 1] != this.depth) {
			return null;
		}
		String word = this.words.get(size - 1);
		int gap = this.out.length() - this.lastWordEnd;
		String upper = word.toUpperCase(Locale.ROOT);
		boolean adjacent = gap == 0 && switch (upper) {
			case "X", "N", "B", "E", "Q", "NQ" -> true;
			default -> false;
		};
		boolean typed = gap == 1 && this.out.charAt(this.lastWordEnd) == ' ' && switch (upper) {
			case "DATE", "TIME", "TIMESTAMP" -> true;
			default -> false;
		};
		return (adjacent || typed) ? upper : null;
	}

	private void removeLastWord(int gap) {
		int last = this.words.size() - 1;
		this.out.setLength(this.out.length() - gap - this.words.get(last).length());
		this.words.remove(last);
		this.lastWordEnd = -1;
	}

	private void literal() {
		this.out.append('?');
		this.sensitive = true;
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
			return;
		}
		int size = this.words.size();
		if (size == this.depths.length) {
			this.depths = Arrays.copyOf(this.depths, size * 2);
		}
		this.depths[size] = this.depth;
		this.words.add(word);
		if (word.equalsIgnoreCase("IN") || word.equalsIgnoreCase("VALUES")) {
			this.lists = true;
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

	private int skipString(int start, char quote, boolean backslashIsOrdinary) {
		int n = this.sql.length();
		int i = start + 1;
		while (i < n) {
			char c = this.sql.charAt(i);
			if (c == '\\' && !backslashIsOrdinary) {
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
