package dev.observability.test;

import java.util.List;

import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the SQL statements of one trace; start with
 * {@code assertThat(trace).queries()}. Only spans of the span catalogue's {@code sql}
 * role count, as in {@link Trace#queries()}.
 */
public class QueriesAssert extends AbstractAssert<QueriesAssert, Trace> {

	QueriesAssert(Trace actual) {
		super(actual, QueriesAssert.class);
	}

	/**
	 * Verify the trace ran exactly this many statements.
	 * <p>
	 * Passes: {@code assertThat(trace).queries().hasCount(2)} for a request that ran two
	 * statements. Fails: {@code hasCount(1)} for the same request; the failure lists the
	 * statements in order and names one that repeats.
	 * @param expected the number of statements
	 * @return this assertion
	 */
	public QueriesAssert hasCount(int expected) {
		isNotNull();
		List<String> queries = this.actual.queries();
		if (queries.size() != expected) {
			failWithMessage("%s",
					FailureMessages.count(this.actual, plural(expected), queries, FailureMessages.QUERY_LOOP));
		}
		return this;
	}

	/**
	 * Verify the trace ran at most this many statements, the usual guard against N+1
	 * queries.
	 * <p>
	 * Passes: {@code assertThat(trace).queries().hasCountAtMost(3)} for a request that
	 * ran two statements. Fails: {@code hasCountAtMost(1)} for the same request; the
	 * failure lists the statements in order.
	 * @param maximum the largest acceptable number of statements
	 * @return this assertion
	 */
	public QueriesAssert hasCountAtMost(int maximum) {
		isNotNull();
		List<String> queries = this.actual.queries();
		if (queries.size() > maximum) {
			failWithMessage("%s", FailureMessages.count(this.actual, "at most " + plural(maximum), queries,
					FailureMessages.QUERY_LOOP));
		}
		return this;
	}

	private static String plural(int count) {
		return count + ((count == 1) ? " SQL query" : " SQL queries");
	}

}
