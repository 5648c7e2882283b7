package dev.observability.starter.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Finds the operation and main table of SQL texts and removes their literals. One lexical
 * pass per new text replaces every literal, collapses repeated list items and gives the
 * reported text, which is also the text's <em>shape</em>: texts that differ only in
 * literals or list sizes share one. The first time a shape is seen its lexical result is
 * returned at once, and JSqlParser reads the shape on a background thread to refine the
 * operation and table for later executions. Text the lexical pass cannot sanitize with
 * certainty is withheld.
 * <p>
 * Results are kept in caches bounded by an estimate of their memory. A text with literals
 * or comments is cached under its own text only when it is seen a second time, so SQL
 * that inlines one-off values neither stays in the heap nor evicts the statements that
 * repeat.
 */
public class SqlAnalyzer implements AutoCloseable {

	/**
	 * Longest text that is cached under its own text, and longest shape that is parsed.
	 */
	static final int MAX_PARSED_LENGTH = 16 * 1024;

	static final DataSize DEFAULT_CACHE_SIZE = DataSize.ofMegabytes(4);

	static final int DEFAULT_MAX_QUERY_TEXT_LENGTH = 2048;

	/** How many statement texts of a multi-statement batch are reported. */
	static final int BATCH_TEXTS_SHOWN = 3;

	static final String TRUNCATED = " /* truncated */";

	private static final String WITHHELD = " /* text withheld: it could not be sanitized with certainty */";

	private final Cache<String, ShapeAnalysis>[] textCaches;

	private final Cache<String, ShapeAnalysis> shapeCache;

	private final Cache<Long, Boolean> sightings;

	private final int maxQueryTextLength;

	private final Executor parser;

	private final @Nullable ThreadPoolExecutor ownedParser;

	/**
	 * Create an analyzer with a 4 MB cache budget, texts cut at 2048 characters and its
	 * own parsing thread.
	 */
	public SqlAnalyzer() {
		this(DEFAULT_CACHE_SIZE, DEFAULT_MAX_QUERY_TEXT_LENGTH);
	}

	/**
	 * Create an analyzer that parses new shapes on a thread of its own.
	 * @param cacheSize approximate memory the caches may use: half for texts (per dialect
	 * in use), half for shapes
	 * @param maxQueryTextLength longest reported text, in characters
	 */
	public SqlAnalyzer(DataSize cacheSize, int maxQueryTextLength) {
		this(cacheSize, maxQueryTextLength, ShapeAnalysis.parsingThread(), true);
	}

	/**
	 * Create an analyzer that parses new shapes on the given executor.
	 * @param cacheSize approximate memory the caches may use
	 * @param maxQueryTextLength longest reported text, in characters
	 * @param parser where to parse new shapes; rejected tasks are retried when a new text
	 * of the same shape comes; the caller keeps ownership of it
	 */
	public SqlAnalyzer(DataSize cacheSize, int maxQueryTextLength, Executor parser) {
		this(cacheSize, maxQueryTextLength, parser, false);
	}

	private SqlAnalyzer(DataSize cacheSize, int maxQueryTextLength, Executor parser, boolean ownParser) {
		long half = Math.max(1, cacheSize.toBytes() / 2);
		@SuppressWarnings("unchecked")
		Cache<String, ShapeAnalysis>[] caches = new Cache[SqlDialect.values().length];
		for (int i = 0; i < caches.length; i++) {
			caches[i] = weighed(half);
		}
		this.textCaches = caches;
		this.shapeCache = weighed(half);
		this.sightings = Caffeine.newBuilder().maximumSize(Math.max(64, half / 512)).build();
		this.maxQueryTextLength = maxQueryTextLength;
		this.parser = parser;
		this.ownedParser = (ownParser && parser instanceof ThreadPoolExecutor owned) ? owned : null;
	}

	private static Cache<String, ShapeAnalysis> weighed(long maxWeight) {
		return Caffeine.newBuilder()
			.maximumWeight(maxWeight)
			.weigher((String key, ShapeAnalysis entry) -> key.length() + entry.weight())
			.build();
	}

	/**
	 * Analyse standard SQL, where {@code "..."} quotes an identifier.
	 * @param sql the SQL text
	 * @return the analysis, from the cache when the text was seen before
	 */
	public SqlAnalysis analyze(String sql) {
		return analyze(sql, SqlDialect.UNKNOWN);
	}

	/**
	 * Analyse SQL.
	 * @param sql the SQL text
	 * @param doubleQuotedStrings whether {@code "..."} is a string literal, as it is on
	 * MySQL and MariaDB by default
	 * @return the analysis, from the cache when the text was seen before
	 */
	public SqlAnalysis analyze(String sql, boolean doubleQuotedStrings) {
		return analyze(sql, SqlDialect.of(doubleQuotedStrings));
	}

	/**
	 * Analyse SQL.
	 * @param sql the SQL text
	 * @param dialect how the database reads quotes and backslashes
	 * @return the analysis, from the cache when the text was seen before
	 */
	public SqlAnalysis analyze(String sql, SqlDialect dialect) {
		Cache<String, ShapeAnalysis> texts = this.textCaches[dialect.ordinal()];
		ShapeAnalysis entry = texts.getIfPresent(sql);
		return (entry != null) ? entry.analysis() : analyzeNew(sql, dialect, texts);
	}

	private SqlAnalysis analyzeNew(String sql, SqlDialect dialect, Cache<String, ShapeAnalysis> texts) {
		SqlTokenizer lexed = SqlTokenizer.scan(sql, dialect);
		String operation = lexed.operation();
		if (!lexed.isComplete()) {
			ShapeAnalysis withheld = new ShapeAnalysis(
					new SqlAnalysis(operation, lexed.collection(operation), withheld(operation)), "",
					ShapeAnalysis.DONE);
			admit(texts, sql, lexed, withheld);
			return withheld.analysis();
		}
		String shape = lexed.shape();
		ShapeAnalysis entry = this.shapeCache.getIfPresent(shape);
		if (entry == null) {
			SqlAnalysis lexical = new SqlAnalysis(operation, lexed.collection(operation), truncate(shape));
			entry = new ShapeAnalysis(lexical, shape,
					(shape.length() > MAX_PARSED_LENGTH) ? ShapeAnalysis.DONE : ShapeAnalysis.LEXICAL);
			ShapeAnalysis raced = this.shapeCache.asMap().putIfAbsent(shape, entry);
			entry = (raced != null) ? raced : entry;
		}
		entry.parseIfNeeded(this.parser);
		admit(texts, sql, lexed, entry);
		return entry.analysis();
	}

	/**
	 * Cache a text's entry under the text itself: at once when the text has no literal or
	 * comment, on its second sighting otherwise (a fingerprint of the first one is kept,
	 * not the text).
	 */
	private void admit(Cache<String, ShapeAnalysis> texts, String sql, SqlTokenizer lexed, ShapeAnalysis entry) {
		if (sql.length() > MAX_PARSED_LENGTH) {
			return;
		}
		if (lexed.isSensitive()) {
			Long fingerprint = ((long) sql.hashCode() << 32) | sql.length();
			if (this.sightings.asMap().remove(fingerprint) == null) {
				this.sightings.put(fingerprint, Boolean.TRUE);
				return;
			}
		}
		texts.put(sql, entry);
	}

	/**
	 * Analyse the texts of a multi-statement batch as one operation: {@code BATCH} and
	 * the operation when all statements share one, the table when all share one, and the
	 * first few texts joined with {@code ; } followed by how many more there were. A
	 * single text is analysed as a batch of that one statement.
	 * @param texts the SQL texts, in order, at least one
	 * @param dialect how the database reads quotes and backslashes
	 * @return the batch's analysis
	 */
	public SqlAnalysis analyzeBatch(List<String> texts, SqlDialect dialect) {
		SqlAnalysis first = analyze(texts.get(0), dialect);
		if (texts.size() == 1) {
			return first.asBatch();
		}
		String operation = first.getOperation();
		String collection = first.getCollection();
		StringBuilder text = new StringBuilder(first.getSanitizedQuery());
		for (int i = 1; i < texts.size(); i++) {
			SqlAnalysis next = analyze(texts.get(i), dialect);
			operation = operation.equals(next.getOperation()) ? operation : "";
			collection = (collection != null && collection.equals(next.getCollection())) ? collection : null;
			if (i < BATCH_TEXTS_SHOWN) {
				text.append("; ").append(next.getSanitizedQuery());
			}
		}
		String more = (texts.size() > BATCH_TEXTS_SHOWN)
				? "; /* " + (texts.size() - BATCH_TEXTS_SHOWN) + " more statements */" : "";
		String batchOperation = operation.isEmpty() ? SqlAnalysis.BATCH_PREFIX.trim()
				: SqlAnalysis.BATCH_PREFIX + operation;
		return new SqlAnalysis(batchOperation, collection,
				truncate(text.toString(), this.maxQueryTextLength - more.length()) + more);
	}

	/**
	 * Analyse the texts of a multi-statement batch.
	 * @param texts the SQL texts, in order, at least one
	 * @param doubleQuotedStrings whether {@code "..."} is a string literal
	 * @return the batch's analysis
	 * @see #analyzeBatch(List, SqlDialect)
	 */
	public SqlAnalysis analyzeBatch(List<String> texts, boolean doubleQuotedStrings) {
		return analyzeBatch(texts, SqlDialect.of(doubleQuotedStrings));
	}

	/**
	 * Analyse SQL without looking at or filling the caches: the lexical pass and the
	 * parse both run on the caller's thread.
	 * @param sql the SQL text
	 * @param doubleQuotedStrings whether {@code "..."} is a string literal
	 * @return the analysis
	 */
	public SqlAnalysis analyzeUncached(String sql, boolean doubleQuotedStrings) {
		SqlTokenizer lexed = SqlTokenizer.scan(sql, SqlDialect.of(doubleQuotedStrings));
		String operation = lexed.operation();
		if (!lexed.isComplete()) {
			return new SqlAnalysis(operation, lexed.collection(operation), withheld(operation));
		}
		String shape = lexed.shape();
		SqlAnalysis lexical = new SqlAnalysis(operation, lexed.collection(operation), truncate(shape));
		return (shape.length() > MAX_PARSED_LENGTH) ? lexical : ShapeAnalysis.parsed(shape, lexical);
	}

	private String truncate(String text) {
		return truncate(text, this.maxQueryTextLength);
	}

	/**
	 * Cut sanitized text to at most {@code maxLength} characters, marker included,
	 * preferably at a space.
	 */
	static String truncate(String text, int maxLength) {
		if (text.length() <= maxLength) {
			return text;
		}
		int end = Math.max(0, maxLength - TRUNCATED.length());
		int space = text.lastIndexOf(' ', end);
		if (space > end - 32 && space > 0) {
			end = space;
		}
		else if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
			end--;
		}
		return text.substring(0, end) + TRUNCATED;
	}

	/**
	 * Whether the analysis of a text is cached under the text itself.
	 * @param sql the SQL text
	 * @param dialect the dialect it was analysed in
	 * @return whether the next analysis of the text is a cache hit
	 */
	boolean cachesText(String sql, SqlDialect dialect) {
		return this.textCaches[dialect.ordinal()].getIfPresent(sql) != null;
	}

	/**
	 * Estimated memory the caches hold now, after pending evictions.
	 * @return the sum of the caches' weights, in bytes
	 */
	long cachedWeight() {
		long weight = 0;
		for (Cache<String, ShapeAnalysis> cache : this.textCaches) {
			cache.cleanUp();
			weight += cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
		}
		this.shapeCache.cleanUp();
		return weight + this.shapeCache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
	}

	/**
	 * Stop the parsing thread this analyzer started, if any.
	 */
	@Override
	public void close() {
		if (this.ownedParser != null) {
			this.ownedParser.shutdownNow();
		}
	}

	/**
	 * Wait for the parsing thread this analyzer started to end after {@link #close()}.
	 * @param timeout how long to wait at most
	 * @return whether no parsing thread of this analyzer runs any more
	 * @throws InterruptedException when interrupted while waiting
	 */
	boolean awaitParsingStopped(Duration timeout) throws InterruptedException {
		return this.ownedParser == null || this.ownedParser.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Text reported in place of SQL that could not be sanitized with certainty.
	 * @param operation the statement's operation
	 * @return the placeholder text
	 */
	static String withheld(String operation) {
		return operation + WITHHELD;
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
