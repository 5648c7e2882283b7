package dev.observability.starter.core;

import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A wasteful pattern of SQL statements found in one {@link UnitOfWork} (an HTTP request,
 * a job run, a test method): an N+1 or a repeated query. Found by the SQL integration;
 * kept here in the core so that the test kit and other integrations read findings without
 * depending on it. Found by the starter at runtime, where it is logged, counted and added
 * as an event to the unit's span, and handed to every {@link QueryFindingListener} bean
 * (the test kit's assertions are one). Holds no bind value and no literal: the statement
 * is its sanitized text.
 */
public final class QueryFinding {

	private final Kind kind;

	private final String unitName;

	private final String unitDescription;

	private final @Nullable String traceId;

	private final String statement;

	private final @Nullable String collection;

	private final int count;

	private final Duration totalTime;

	private final @Nullable String association;

	private final @Nullable String codeLocation;

	/**
	 * Create a finding.
	 * @param kind N+1 or repeated query
	 * @param unitName bounded name of the unit of work
	 * @param unitDescription how log lines name the unit of work
	 * @param traceId trace of the unit of work, or {@code null}
	 * @param statement sanitized text of the statement
	 * @param collection main table of the statement, or {@code null}
	 * @param count executions counted
	 * @param totalTime time spent on every execution of the statement in the unit
	 * @param association what the ORM was loading, or {@code null}
	 * @param codeLocation first application stack frame, or {@code null}
	 */
	public QueryFinding(Kind kind, String unitName, String unitDescription, @Nullable String traceId, String statement,
			@Nullable String collection, int count, Duration totalTime, @Nullable String association,
			@Nullable String codeLocation) {
		this.kind = kind;
		this.unitName = unitName;
		this.unitDescription = unitDescription;
		this.traceId = traceId;
		this.statement = statement;
		this.collection = collection;
		this.count = count;
		this.totalTime = totalTime;
		this.association = association;
		this.codeLocation = codeLocation;
	}

	public Kind getKind() {
		return this.kind;
	}

	/**
	 * Bounded name of the unit of work: the HTTP route, the job or the test method.
	 * @return the name
	 */
	public String getUnitName() {
		return this.unitName;
	}

	/**
	 * How the unit of work is named in log lines, e.g. {@code GET /api/tasks}.
	 * @return the description
	 */
	public String getUnitDescription() {
		return this.unitDescription;
	}

	/**
	 * Trace of the unit of work.
	 * @return the trace id, or {@code null} when the unit had no span (a test method)
	 */
	public @Nullable String getTraceId() {
		return this.traceId;
	}

	/**
	 * The statement, as its sanitized text (every literal replaced by {@code ?}).
	 * @return the statement
	 */
	public String getStatement() {
		return this.statement;
	}

	/**
	 * Main table of the statement.
	 * @return the table, or {@code null} when the statement has none
	 */
	public @Nullable String getCollection() {
		return this.collection;
	}

	/**
	 * How many times the statement ran in the unit: with different bind values for an
	 * N+1, with the same ones for a repeated query.
	 * @return the count
	 */
	public int getCount() {
		return this.count;
	}

	/**
	 * Time the database spent on every execution of the statement in the unit.
	 * @return the total time
	 */
	public Duration getTotalTime() {
		return this.totalTime;
	}

	/**
	 * The association or entity whose loading ran the statement, such as
	 * {@code Residence.tasks}, when the ORM said so.
	 * @return the association, or {@code null}
	 */
	public @Nullable String getAssociation() {
		return this.association;
	}

	/**
	 * First application stack frame under the statement when the pattern was found, e.g.
	 * {@code com.example.TaskService.list(TaskService.java:42)}.
	 * @return the code location, or {@code null} when no application frame was found
	 */
	public @Nullable String getCodeLocation() {
		return this.codeLocation;
	}

	/**
	 * The finding as one line: what, where, how often, and what to do about it.
	 * @return the line
	 */
	@Override
	public String toString() {
		StringBuilder line = new StringBuilder(160);
		line.append(this.kind.title).append(" in ").append(this.unitDescription).append(": \"").append(this.statement);
		line.append("\" ran ").append(this.count).append(" times").append(this.kind.qualifier);
		line.append(" (").append(String.format(Locale.ROOT, "%.1f", this.totalTime.toNanos() / 1e6)).append(" ms)");
		if (this.association != null) {
			line.append(" loading ").append(this.association);
		}
		if (this.codeLocation != null) {
			line.append(", at ").append(this.codeLocation);
		}
		line.append("; ").append(this.kind.advice);
		if (this.traceId != null) {
			line.append(" [trace ").append(this.traceId).append(']');
		}
		return line.toString();
	}

	/**
	 * What was found. The advice differs: an N+1 needs the data fetched in one query, a
	 * repeated query needs its result reused.
	 */
	public enum Kind {

		/**
		 * One statement run once per parent row, with different bind values each time.
		 */
		N_PLUS_ONE("n_plus_one", "N+1 query", " with different parameters",
				"fetch the rows in one query (join fetch, entity graph or batch fetching)"),

		/**
		 * One statement run several times with identical bind values.
		 */
		REPEATED_QUERY("repeated_query", "Repeated query", " with identical parameters",
				"reuse the first result (hoist the call out of the loop or cache it)");

		private final String tagValue;

		private final String title;

		private final String qualifier;

		private final String advice;

		Kind(String tagValue, String title, String qualifier, String advice) {
			this.tagValue = tagValue;
			this.title = title;
			this.qualifier = qualifier;
			this.advice = advice;
		}

		/**
		 * The value of the {@code finding.kind} tag and span event attribute.
		 * @return the value, e.g. {@code n_plus_one}
		 */
		public String getTagValue() {
			return this.tagValue;
		}

		/**
		 * What to do about a finding of this kind.
		 * @return the advice
		 */
		public String getAdvice() {
			return this.advice;
		}

	}

}
