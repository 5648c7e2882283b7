package dev.observability.starter.jdbc;

import java.util.Arrays;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.OperationDescriptor;

/**
 * Immutable result of analysing one SQL text: its operation, main table and text with
 * every literal replaced by {@code ?}. The span name and the low-cardinality key values
 * are computed once here, so that observing a statement whose analysis is cached
 * allocates little.
 */
public final class SqlAnalysis {

	static final String BATCH_PREFIX = "BATCH ";

	private final String operation;

	private final @Nullable String collection;

	private final String sanitizedQuery;

	private final String contextualName;

	private final boolean multiRowLookup;

	private volatile @Nullable SqlAnalysis batch;

	private static final int MAX_TARGETS = 4;

	private static final TargetDescriptor[] NO_DESCRIPTORS = {};

	private volatile TargetDescriptor[] descriptors = NO_DESCRIPTORS;

	/**
	 * Create an analysis.
	 * @param operation SQL keyword of the statement, upper case (e.g. {@code SELECT})
	 * @param collection main table, or {@code null} when the statement has none
	 * @param sanitizedQuery SQL text without any literal
	 */
	public SqlAnalysis(String operation, @Nullable String collection, String sanitizedQuery) {
		this.operation = operation;
		this.collection = collection;
		this.sanitizedQuery = sanitizedQuery;
		this.contextualName = (collection != null) ? operation + " " + collection : operation;
		this.multiRowLookup = isMultiRowLookup(sanitizedQuery);
	}

	/**
	 * Whether the statement looks rows up by a list of keys bound at once ({@code IN (?)}
	 * after collapsing, {@code = ANY (?)}): the batched fetch that fixes an N+1, so
	 * running it several times is not one.
	 * @return whether the statement is a multi-row lookup
	 */
	boolean isMultiRowLookup() {
		return this.multiRowLookup;
	}

	private static boolean isMultiRowLookup(String text) {
		int n = text.length();
		for (int i = 0; i < n; i++) {
			char c = text.charAt(i);
			if ((c == 'i' || c == 'I') && i + 2 < n && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))
					&& text.regionMatches(true, i, "in", 0, 2) && followedByParameterList(text, i + 2)) {
				return true;
			}
			if ((c == 'a' || c == 'A') && i + 3 < n && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))
					&& text.regionMatches(true, i, "any", 0, 3) && followedByParameterList(text, i + 3)) {
				return true;
			}
		}
		return false;
	}

	private static boolean followedByParameterList(String text, int from) {
		int i = from;
		while (i < text.length() && text.charAt(i) == ' ') {
			i++;
		}
		if (i >= text.length() || text.charAt(i) != '(') {
			return false;
		}
		i++;
		while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '(')) {
			i++;
		}
		return i < text.length() && text.charAt(i) == '?';
	}

	/**
	 * SQL keyword of the statement, e.g. {@code SELECT} or {@code BATCH INSERT}.
	 * @return the operation
	 */
	public String getOperation() {
		return this.operation;
	}

	/**
	 * Main table of the statement: the first table of a query's {@code FROM}, the target
	 * of an insert, update, delete or merge, the subject of DDL.
	 * @return the table, or {@code null} when the statement has none
	 */
	public @Nullable String getCollection() {
		return this.collection;
	}

	/**
	 * SQL text with every literal replaced by {@code ?}; a placeholder naming the
	 * operation when the text could not be sanitized with certainty.
	 * @return the sanitized text
	 */
	public String getSanitizedQuery() {
		return this.sanitizedQuery;
	}

	/**
	 * Span name: the operation followed by the collection when there is one.
	 * @return the span name
	 */
	public String getContextualName() {
		return this.contextualName;
	}

	/**
	 * The descriptor of this statement on one database: created on first use and kept, so
	 * that the common case allocates nothing. A few databases (DataSources) are kept side
	 * by side, so that an application alternating between two does not recreate them.
	 * @param target the database, one instance per DataSource
	 * @param factory creates the descriptor
	 * @return the descriptor
	 */
	OperationDescriptor descriptor(DatabaseTarget target,
			BiFunction<SqlAnalysis, DatabaseTarget, OperationDescriptor> factory) {
		TargetDescriptor[] cached = this.descriptors;
		for (TargetDescriptor entry : cached) {
			if (entry.target == target) {
				return entry.descriptor;
			}
		}
		TargetDescriptor created = new TargetDescriptor(target, factory.apply(this, target));
		TargetDescriptor[] grown;
		if (cached.length < MAX_TARGETS) {
			grown = Arrays.copyOf(cached, cached.length + 1);
			grown[cached.length] = created;
		}
		else {
			grown = cached.clone();
			grown[(int) (System.nanoTime() & Integer.MAX_VALUE) % MAX_TARGETS] = created;
		}
		this.descriptors = grown;
		return created.descriptor;
	}

	/**
	 * The same statement run as a batch: the operation is prefixed with {@code BATCH}, as
	 * OpenTelemetry's database conventions ask.
	 * @return the analysis of the batch, created once
	 */
	SqlAnalysis asBatch() {
		SqlAnalysis batch = this.batch;
		if (batch == null) {
			batch = new SqlAnalysis(BATCH_PREFIX + this.operation, this.collection, this.sanitizedQuery);
			this.batch = batch;
		}
		return batch;
	}

	private record TargetDescriptor(DatabaseTarget target, OperationDescriptor descriptor) {
	}

	@Override
	public String toString() {
		return "SqlAnalysis[" + this.contextualName + ": " + this.sanitizedQuery + "]";
	}

}
