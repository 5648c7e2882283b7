package dev.observability.test;

import java.util.List;

import org.assertj.core.api.AbstractAssert;

import dev.observability.starter.core.QueryFinding;

/**
 * Assertions on N+1 and repeated queries; start with
 * {@link TelemetryAssertions#assertThat(Findings)} or use the shortcuts on
 * {@link TraceAssert}. Failures list every finding with its statement, count,
 * association, code location and the advice for its kind.
 */
public class FindingsAssert extends AbstractAssert<FindingsAssert, Findings> {

	FindingsAssert(Findings actual) {
		super(actual, FindingsAssert.class);
	}

	/**
	 * Verify no statement ran once per parent with different values.
	 * <p>
	 * Passes for a request that loads residences and their tasks with a fetch join. Fails
	 * for one that walks {@code residence.getTasks()} for ten residences; the failure
	 * names the statement, {@code Residence.tasks}, the count and the loop's code
	 * location.
	 * @return this assertion
	 */
	public FindingsAssert hasNoNPlusOne() {
		return hasNone(QueryFinding.Kind.N_PLUS_ONE);
	}

	/**
	 * Verify no statement ran several times with identical values.
	 * <p>
	 * Passes for a request that looks a value up once. Fails for one that looks the same
	 * value up once per item of a loop.
	 * @return this assertion
	 */
	public FindingsAssert hasNoRepeatedQueries() {
		return hasNone(QueryFinding.Kind.REPEATED_QUERY);
	}

	/**
	 * Verify there is at least one N+1, and continue with assertions on it.
	 * <p>
	 * Passes: {@code hasNPlusOne().on("Residence.tasks").withCount(10)} for a request
	 * that walks the tasks of ten residences. Fails: {@code hasNPlusOne()} for a request
	 * with none.
	 * @return assertions on the N+1 findings
	 */
	public FindingAssert hasNPlusOne() {
		return hasSome(QueryFinding.Kind.N_PLUS_ONE);
	}

	/**
	 * Verify there is at least one repeated query, and continue with assertions on it.
	 * <p>
	 * Passes: {@code hasRepeatedQuery().withCount(5)} for a request that looked the same
	 * row up five times. Fails: {@code hasRepeatedQuery()} for a request with none.
	 * @return assertions on the repeated-query findings
	 */
	public FindingAssert hasRepeatedQuery() {
		return hasSome(QueryFinding.Kind.REPEATED_QUERY);
	}

	private FindingsAssert hasNone(QueryFinding.Kind kind) {
		isNotNull();
		List<QueryFinding> found = this.actual.of(kind);
		if (!found.isEmpty()) {
			failWithMessage("%s", FindingFailureMessages.unexpectedFindings(kind, this.actual));
		}
		return this;
	}

	private FindingAssert hasSome(QueryFinding.Kind kind) {
		isNotNull();
		List<QueryFinding> found = this.actual.of(kind);
		if (found.isEmpty()) {
			failWithMessage("%s", FindingFailureMessages.missingFinding(kind, this.actual));
		}
		return new FindingAssert(kind, found, this.actual);
	}

}
