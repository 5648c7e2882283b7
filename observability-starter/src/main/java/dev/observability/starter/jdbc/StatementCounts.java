package dev.observability.starter.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.CodeLocations;
import dev.observability.starter.core.QueryFinding;
import dev.observability.starter.core.UnitOfWork;

/**
 * What one unit of work ran, per statement shape: how often, how long, with how many
 * different sets of bind values, and how often the most repeated set ran. Bind values are
 * only seen as hashes, kept here and never exported. The tables are reused: when the unit
 * closes on the thread that opened it, they go back to that thread for its next unit, so
 * counting allocates nothing once a thread has served a request like the current one; a
 * stack is walked only when a count reaches the threshold. Several threads may count into
 * one unit (work propagated from a request), so counting is synchronized, uncontended in
 * the common case; a statement that ends after its unit closed is not counted.
 */
final class StatementCounts implements UnitOfWork.Closing, UnitOfWork.FindingSource {

	/** Distinct bind sets tracked per shape; more are counted as distinct, not kept. */
	private static final int MAX_TRACKED_BINDS = 4096;

	/** Largest bind table a closed unit's shape may give back for reuse. */
	private static final int MAX_KEPT_BINDS = 256;

	/** Most shapes a closed unit's storage may hold to be reused. */
	private static final int MAX_KEPT_SHAPES = 64;

	private final QueryFindings findings;

	private final Thread owner = Thread.currentThread();

	/**
	 * Shapes counted so far; taken from the owner thread's spare storage when it has one.
	 */
	private @Nullable ShapeTable shapes;

	/**
	 * Create the counts of a unit on the thread that runs the unit.
	 * @param findings the detection settings and reports
	 * @param spare storage a unit closed earlier on this thread gave back, or
	 * {@code null}
	 */
	StatementCounts(QueryFindings findings, @Nullable ShapeTable spare) {
		this.findings = findings;
		this.shapes = (spare != null) ? spare : new ShapeTable();
	}

	/**
	 * Count one execution.
	 * @param analysis the statement's analysis
	 * @param bindHash hash of the statement's text and bind values
	 * @param association what the ORM was loading, or {@code null}
	 * @param nanos how long the statement took
	 */
	synchronized void count(SqlAnalysis analysis, long bindHash, @Nullable String association, long nanos) {
		ShapeTable shapes = this.shapes;
		if (shapes == null) {
			// the unit closed before this statement of a propagated thread ended
			return;
		}
		Shape shape = shapes.get(analysis);
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
				shapes.anyFound = true;
			}
		}
		else if (same > shape.maxSame) {
			shape.maxSame = same;
			if (same == threshold && shape.repeatedAt == null && !this.findings.isExcluded(analysis)) {
				shape.repeatedAt = where();
				shapes.anyFound = true;
			}
		}
	}

	@Override
	public void unitClosed(UnitOfWork unit) {
		for (QueryFinding finding : findingsSoFar(unit)) {
			this.findings.report(unit, finding);
		}
		ShapeTable done;
		synchronized (this) {
			done = this.shapes;
			this.shapes = null;
		}
		if (done != null && Thread.currentThread() == this.owner && done.clearForReuse()) {
			this.findings.giveBack(done);
		}
	}

	/**
	 * What the unit ran so far that crossed the threshold, without reporting it.
	 * @param unit the unit these counts belong to
	 * @return the findings, N+1 before repeated query for each statement
	 */
	@Override
	public List<QueryFinding> findingsSoFar(UnitOfWork unit) {
		synchronized (this) {
			ShapeTable shapes = this.shapes;
			if (shapes == null || !shapes.anyFound || this.findings.isExcluded(unit)) {
				return List.of();
			}
			List<QueryFinding> found = new ArrayList<>();
			for (Shape shape : shapes.inOrder()) {
				if (shape.nPlusOneAt != null) {
					found.add(finding(unit, shape, QueryFinding.Kind.N_PLUS_ONE, shape.distinct, shape.nPlusOneAt));
				}
				if (shape.repeatedAt != null) {
					found.add(finding(unit, shape, QueryFinding.Kind.REPEATED_QUERY, shape.maxSame, shape.repeatedAt));
				}
			}
			return found;
		}
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

		private SqlAnalysis analysis;

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
		 * Make this shape count another statement from scratch, keeping its tables.
		 */
		void reuseFor(SqlAnalysis analysis) {
			this.analysis = analysis;
			this.nanos = 0;
			this.distinct = 0;
			this.maxSame = 1;
			this.association = null;
			this.nPlusOneAt = null;
			this.repeatedAt = null;
			if (this.size > 0) {
				Arrays.fill(this.keys, 0);
				this.size = 0;
			}
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

	/**
	 * The shapes of one unit by sanitized text, in the order they were first seen: an
	 * open-addressing table whose slots and {@link Shape} objects are reused by the next
	 * unit on the same thread, so that a request counts its statements without allocating
	 * once the thread has served one like it.
	 */
	static final class ShapeTable {

		private String[] texts = new String[16];

		private Shape[] slots = new Shape[16];

		/**
		 * Shapes in the order they were first seen; past {@code used}, spares to reuse.
		 */
		private Shape[] order = new Shape[8];

		private int used;

		private boolean anyFound;

		Shape get(SqlAnalysis analysis) {
			String text = analysis.getSanitizedQuery();
			int mask = this.texts.length - 1;
			int i = text.hashCode() & mask;
			String found;
			while ((found = this.texts[i]) != null) {
				if (found == text || found.equals(text)) {
					return this.slots[i];
				}
				i = (i + 1) & mask;
			}
			Shape shape = (this.used < this.order.length && this.order[this.used] != null) ? this.order[this.used]
					: null;
			if (shape != null) {
				shape.reuseFor(analysis);
			}
			else {
				shape = new Shape(analysis);
				if (this.used == this.order.length) {
					this.order = Arrays.copyOf(this.order, this.used * 2);
				}
				this.order[this.used] = shape;
			}
			this.used++;
			this.texts[i] = text;
			this.slots[i] = shape;
			if (this.used * 2 > this.texts.length) {
				rehash();
			}
			return shape;
		}

		Iterable<Shape> inOrder() {
			return Arrays.asList(this.order).subList(0, this.used);
		}

		/**
		 * Empty the table for the next unit, keeping its arrays and shapes.
		 * @return whether it is small enough to be worth keeping
		 */
		boolean clearForReuse() {
			if (this.used > MAX_KEPT_SHAPES) {
				return false;
			}
			for (int i = 0; i < this.used; i++) {
				if (this.order[i].keys.length > MAX_KEPT_BINDS) {
					this.order[i] = null;
				}
			}
			Arrays.fill(this.texts, null);
			Arrays.fill(this.slots, null);
			this.used = 0;
			this.anyFound = false;
			return true;
		}

		private void rehash() {
			String[] oldTexts = this.texts;
			Shape[] oldSlots = this.slots;
			this.texts = new String[oldTexts.length * 2];
			this.slots = new Shape[oldTexts.length * 2];
			int mask = this.texts.length - 1;
			for (int j = 0; j < oldTexts.length; j++) {
				if (oldTexts[j] != null) {
					int i = oldTexts[j].hashCode() & mask;
					while (this.texts[i] != null) {
						i = (i + 1) & mask;
					}
					this.texts[i] = oldTexts[j];
					this.slots[i] = oldSlots[j];
				}
			}
		}

	}

}
