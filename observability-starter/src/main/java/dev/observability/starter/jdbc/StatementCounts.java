package dev.observability.starter.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.CodeLocations;
import dev.observability.starter.core.QueryFinding;
import dev.observability.starter.core.UnitOfWork;

/**
 * What one unit of work ran, per statement shape: how often, how long, with how many
 * different sets of bind values, and how often the most repeated set ran. Bind values are
 * only seen as hashes, kept here and never exported. Counting a statement of a shape seen
 * before allocates nothing; a stack is walked only when a count reaches the threshold.
 * Several threads may count into one unit (work propagated from a request), so counting
 * is synchronized; it is uncontended in the common case.
 */
final class StatementCounts implements UnitOfWork.Closing, UnitOfWork.FindingSource {

	/** Distinct bind sets tracked per shape; more are counted as distinct, not kept. */
	private static final int MAX_TRACKED_BINDS = 4096;

	private final QueryFindings findings;

	private final Map<String, Shape> shapes = new LinkedHashMap<>();

	StatementCounts(QueryFindings findings) {
		this.findings = findings;
	}

	/**
	 * Count one execution.
	 * @param analysis the statement's analysis
	 * @param bindHash hash of the statement's text and bind values
	 * @param association what the ORM was loading, or {@code null}
	 * @param nanos how long the statement took
	 */
	synchronized void count(SqlAnalysis analysis, long bindHash, @Nullable String association, long nanos) {
		Shape shape = this.shapes.get(analysis.getSanitizedQuery());
		if (shape == null) {
			shape = new Shape(analysis);
			this.shapes.put(analysis.getSanitizedQuery(), shape);
		}
		shape.nanos += nanos;
		if (shape.association == null) {
			shape.association = association;
		}
		int same = shape.countBinds(bindHash);
		int threshold = this.findings.threshold;
		if (same == 1) {
			shape.distinct++;
			if (shape.distinct == threshold && shape.nPlusOneAt == null && !analysis.isMultiRowLookup()
					&& !this.findings.isExcluded(analysis)) {
				shape.nPlusOneAt = where();
			}
		}
		else if (same > shape.maxSame) {
			shape.maxSame = same;
			if (same == threshold && shape.repeatedAt == null && !this.findings.isExcluded(analysis)) {
				shape.repeatedAt = where();
			}
		}
	}

	@Override
	public void unitClosed(UnitOfWork unit) {
		for (QueryFinding finding : findingsSoFar(unit)) {
			this.findings.report(unit, finding);
		}
	}

	/**
	 * What the unit ran so far that crossed the threshold, without reporting it.
	 * @param unit the unit these counts belong to
	 * @return the findings, N+1 before repeated query for each statement
	 */
	@Override
	public List<QueryFinding> findingsSoFar(UnitOfWork unit) {
		if (this.findings.isExcluded(unit)) {
			return List.of();
		}
		List<QueryFinding> found = new ArrayList<>();
		synchronized (this) {
			for (Shape shape : this.shapes.values()) {
				if (shape.nPlusOneAt != null) {
					found.add(finding(unit, shape, QueryFinding.Kind.N_PLUS_ONE, shape.distinct, shape.nPlusOneAt));
				}
				if (shape.repeatedAt != null) {
					found.add(finding(unit, shape, QueryFinding.Kind.REPEATED_QUERY, shape.maxSame, shape.repeatedAt));
				}
			}
		}
		return found;
	}

	private static QueryFinding finding(UnitOfWork unit, Shape shape, QueryFinding.Kind kind, int count, Where where) {
		SqlAnalysis analysis = shape.analysis;
		return new QueryFinding(kind, unit.getName(), unit.getDescription(), unit.getTraceId(),
				analysis.getSanitizedQuery(), analysis.getCollection(), count, Duration.ofNanos(shape.nanos),
				shape.association, where.location());
	}

	private static Where where() {
		return new Where(CodeLocations.applicationCaller());
	}

	/** Where a pattern was found; a holder so that "not found yet" stays {@code null}. */
	private record Where(@Nullable String location) {
	}

	private static final class Shape {

		private final SqlAnalysis analysis;

		private long nanos;

		private int distinct;

		private int maxSame = 1;

		private @Nullable String association;

		private @Nullable Where nPlusOneAt;

		private @Nullable Where repeatedAt;

		/** Open addressing: bind hashes (never 0) and how often each ran. */
		private long[] keys = new long[8];

		private int[] counts = new int[8];

		private int size;

		Shape(SqlAnalysis analysis) {
			this.analysis = analysis;
		}

		/**
		 * Count one execution with a bind set.
		 * @return how many times this bind set ran so far, {@code 1} for a new one
		 */
		int countBinds(long bindHash) {
			long key = (bindHash != 0) ? bindHash : 1;
			int mask = this.keys.length - 1;
			int i = (int) (key ^ (key >>> 32)) & mask;
			while (this.keys[i] != 0) {
				if (this.keys[i] == key) {
					return ++this.counts[i];
				}
				i = (i + 1) & mask;
			}
			if (this.size >= MAX_TRACKED_BINDS) {
				return 1;
			}
			this.keys[i] = key;
			this.counts[i] = 1;
			if (++this.size * 2 > this.keys.length) {
				grow();
			}
			return 1;
		}

		private void grow() {
			long[] oldKeys = this.keys;
			int[] oldCounts = this.counts;
			this.keys = new long[oldKeys.length * 2];
			this.counts = new int[oldKeys.length * 2];
			int mask = this.keys.length - 1;
			for (int j = 0; j < oldKeys.length; j++) {
				long key = oldKeys[j];
				if (key != 0) {
					int i = (int) (key ^ (key >>> 32)) & mask;
					while (this.keys[i] != 0) {
						i = (i + 1) & mask;
					}
					this.keys[i] = key;
					this.counts[i] = oldCounts[j];
				}
			}
		}

	}

}
