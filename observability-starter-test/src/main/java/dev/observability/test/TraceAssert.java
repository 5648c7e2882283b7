package dev.observability.test;

import dev.observability.starter.tracelog.TraceTreeRenderer;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one {@link Trace}; start with
 * {@link TelemetryAssertions#assertThat(Trace)}.
 */
public class TraceAssert extends AbstractAssert<TraceAssert, Trace> {

	TraceAssert(Trace actual) {
		super(actual, TraceAssert.class);
	}

	/**
	 * Verify the span names of the trace form exactly the given tree: one span name a
	 * line, each child indented two spaces more than its parent, siblings in start order.
	 * A common indent and a trailing newline, as in a text block, are ignored.
	 * <p>
	 * Passes for a request that opened one service span and ran one query:
	 * <pre class="code">
	 * assertThat(trace).hasTree("""
	 *     GET /api/residences/{id}/tasks
	 *       TaskService.listForResidence
	 *         SELECT task
	 *     """);
	 * </pre> Fails for the same request when the service ran the query twice; the failure
	 * shows both trees, the actual one with durations and key attributes, the captured
	 * root names and the likely mistake.
	 * @param expectedTree the expected span names as an indented tree
	 * @return this assertion
	 * @throws IllegalArgumentException if the expected tree is not indented two spaces
	 * per level
	 */
	public TraceAssert hasTree(String expectedTree) {
		isNotNull();
		String expected = ExpectedTree.normalise(expectedTree);
		String actualTree = TraceTreeRenderer.namesOnly().render(this.actual.spans());
		if (!expected.equals(actualTree)) {
			failWithMessage("%s", FailureMessages.treeMismatch(this.actual, expected, actualTree));
		}
		return this;
	}

	/**
	 * Navigate to the SQL statements of the trace: the spans of the span catalogue's
	 * {@code sql} role (not Redis commands or other database clients).
	 * <p>
	 * Passes: {@code assertThat(trace).queries().hasCount(1)} for a request that ran one
	 * statement. Fails: {@code assertThat((Trace) null).queries()}.
	 * @return assertions on the trace's queries
	 */
	@CheckReturnValue
	public QueriesAssert queries() {
		isNotNull();
		return new QueriesAssert(this.actual);
	}

}
