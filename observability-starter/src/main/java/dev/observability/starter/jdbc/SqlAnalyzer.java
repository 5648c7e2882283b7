package dev.observability.starter.jdbc;

import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import java.util.List;

import com.github.benmanes.caffeine.cache.Caffeine;
import net.sf.jsqlparser.statement.Statement;

/**
 * Finds the operation and main table of SQL texts and removes their literals, keeping the
 * results in a bounded cache keyed by the text. A statement is parsed with JSqlParser
 * (its tree gives the table and the literals); text the parser cannot read is analysed by
 * a lexical pass that still replaces every literal, and drops the text when it cannot do
 * so with certainty. Text the lexical pass finds ambiguous (a backslash inside a string,
 * which ends the string early on MySQL but not on PostgreSQL) is dropped even when the
 * parser reads it.
 */
public class SqlAnalyzer {

	/**
	 * Longest text that is parsed and cached; longer texts (typically generated bulk
	 * inserts) only get the lexical pass.
	 */
	static final int MAX_PARSED_LENGTH = 16 * 1024;

	private static final String WITHHELD = " /* text withheld: it could not be sanitized with certainty */";

	private final Cache<String, SqlAnalysis> standardCache;

	private final Cache<String, SqlAnalysis> doubleQuotedStringsCache;

	private final Cache<String, SqlAnalysis> shapeCache;

	/**
	 * Create an analyzer.
	 * @param cacheSize how many distinct SQL texts to keep analyses for (per quoting
	 * style), and how many distinct shapes (texts without literals)
	 */
	public SqlAnalyzer(int cacheSize) {
		this.standardCache = Caffeine.newBuilder().maximumSize(cacheSize).build();
		this.doubleQuotedStringsCache = Caffeine.newBuilder().maximumSize(cacheSize).build();
		this.shapeCache = Caffeine.newBuilder().maximumSize(cacheSize).build();
	}

	/**
	 * Analyse standard SQL, where {@code "..."} quotes an identifier.
	 * @param sql the SQL text
	 * @return the analysis, from the cache when the text was seen before
	 */
	public SqlAnalysis analyze(String sql) {
		return analyze(sql, false);
	}

	/**
	 * Analyse SQL.
	 * @param sql the SQL text
	 * @param doubleQuotedStrings whether {@code "..."} is a string literal, as it is on
	 * MySQL and MariaDB by default
	 * @return the analysis, from the cache when the text was seen before
	 */
	public SqlAnalysis analyze(String sql, boolean doubleQuotedStrings) {
		if (sql.length() > MAX_PARSED_LENGTH) {
			return SqlTokenizer.analyze(sql, doubleQuotedStrings);
		}
		Cache<String, SqlAnalysis> cache = doubleQuotedStrings ? this.doubleQuotedStringsCache : this.standardCache;
		SqlAnalysis analysis = cache.getIfPresent(sql);
		if (analysis == null) {
			analysis = analyzeShape(sql, doubleQuotedStrings);
			cache.put(sql, analysis);
		}
		return analysis;
	}

	/**
	 * Analyse the different SQL texts of one {@code java.sql.Statement} batch as one
	 * operation: {@code BATCH <operation>} when they share one (else {@code BATCH}), the
	 * table when they share one, and their sanitized texts joined by {@code ;}.
	 * @param texts the texts, at least two
	 * @param doubleQuotedStrings whether {@code "..."} is a string literal
	 * @return the analysis of the batch
	 */
	public SqlAnalysis analyzeBatch(List<String> texts, boolean doubleQuotedStrings) {
		SqlAnalysis first = analyze(texts.get(0), doubleQuotedStrings);
		String operation = first.getOperation();
		String collection = first.getCollection();
		StringBuilder text = new StringBuilder(first.getSanitizedQuery());
		for (int i = 1; i < texts.size(); i++) {
			SqlAnalysis next = analyze(texts.get(i), doubleQuotedStrings);
			operation = operation.equals(next.getOperation()) ? operation : "";
			collection = (collection != null && collection.equals(next.getCollection())) ? collection : null;
			text.append("; ").append(next.getSanitizedQuery());
		}
		String batchOperation = operation.isEmpty() ? SqlAnalysis.BATCH_PREFIX.trim()
				: SqlAnalysis.BATCH_PREFIX + operation;
		return new SqlAnalysis(batchOperation, collection, text.toString());
	}

	/**
	 * Texts that differ only in their literals share one shape (the lexical pass's
	 * output) and therefore one analysis: SQL that inlines values is parsed once per
	 * shape, not once per value.
	 */
	private SqlAnalysis analyzeShape(String sql, boolean doubleQuotedStrings) {
		SqlAnalysis lexical = SqlTokenizer.analyze(sql, doubleQuotedStrings);
		String shape = lexical.getSanitizedQuery();
		if (isWithheld(shape)) {
			return parse(sql, doubleQuotedStrings, lexical);
		}
		SqlAnalysis analysis = this.shapeCache.getIfPresent(shape);
		if (analysis == null) {
			analysis = parse(sql, doubleQuotedStrings, lexical);
			this.shapeCache.put(shape, analysis);
		}
		return analysis;
	}

	/**
	 * Analyse SQL without looking at or filling the caches: the lexical pass, the parse
	 * and the re-printing all run.
	 * @param sql the SQL text
	 * @param doubleQuotedStrings whether {@code "..."} is a string literal
	 * @return the analysis
	 */
	public SqlAnalysis analyzeUncached(String sql, boolean doubleQuotedStrings) {
		return parse(sql, doubleQuotedStrings, SqlTokenizer.analyze(sql, doubleQuotedStrings));
	}

	private SqlAnalysis parse(String sql, boolean doubleQuotedStrings, SqlAnalysis lexical) {
		if (sql.length() > MAX_PARSED_LENGTH) {
			return lexical;
		}
		Statement statement;
		try {
			statement = SqlStatementParser.parse(sql);
		}
		catch (Exception | StackOverflowError ex) {
			return lexical;
		}
		String operation = lexical.getOperation();
		if (operation.equals(SqlWords.OTHER_OPERATION) || sql.stripLeading().regionMatches(true, 0, "WITH", 0, 4)) {
			String parsed = SqlStatementParser.operation(statement);
			operation = (parsed != null) ? parsed : operation;
		}
		String text = null;
		if (!isWithheld(lexical.getSanitizedQuery())) {
			try {
				text = SqlTokenizer.sanitize(SqlStatementParser.withoutLiterals(statement), doubleQuotedStrings);
			}
			catch (Exception | StackOverflowError ex) {
				// keep the lexical result
			}
		}
		return new SqlAnalysis(operation, SqlStatementParser.collection(statement),
				(text != null) ? text : lexical.getSanitizedQuery());
	}

	/**
	 * Text reported in place of SQL that could not be sanitized with certainty.
	 * @param operation the statement's operation
	 * @return the placeholder text
	 */
	static String withheld(String operation) {
		return operation + WITHHELD;
	}

	private static boolean isWithheld(String text) {
		return text.endsWith(WITHHELD);
	}

	/**
	 * Remove identifier quotes ({@code "}, {@code `}, {@code [ ]}) from a (possibly
	 * qualified) name.
	 * @param name the name as written in SQL
	 * @return the name without quotes
	 */
	static String unquote(String name) {
		if (name.indexOf('"') < 0 && name.indexOf('`') < 0 && name.indexOf('[') < 0) {
			return name;
		}
		StringBuilder unquoted = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c != '"' && c != '`' && c != '[' && c != ']') {
				unquoted.append(c);
			}
		}
		return unquoted.toString();
	}

}
