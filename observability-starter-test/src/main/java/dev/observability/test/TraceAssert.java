package dev.observability.test;

import java.util.stream.Collectors;

import io.opentelemetry.sdk.trace.data.SpanData;

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
	 * Navigate to the first span of the trace, in start order, with this name.
	 * <p>
	 * Passes:
	 * {@code assertThat(trace).span("SELECT task").hasAttribute("db.collection.name", "task")}
	 * for a request that read the {@code task} table. Fails: {@code span("SELECT tasks")}
	 * for the same request; the failure shows the span names of the trace.
	 * @param name the span name
	 * @return assertions on that span
	 */
	@CheckReturnValue
	public SpanAssert span(String name) {
		isNotNull();
		SpanData span = this.actual.spans()
			.stream()
			.filter((candidate) -> candidate.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> failure("%s",
					"Expecting the trace \"" + this.actual.rootName() + "\" to have a span \"" + name
							+ "\", but its span names were:\n"
							+ FailureMessages.render(this.actual.spans())
								.lines()
								.map((line) -> "  " + line)
								.collect(Collectors.joining("\n"))));
		return new SpanAssert(span);
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

	/**
	 * Navigate to the Redis commands of the trace: the spans of the span catalogue's
	 * {@code redis} role.
	 * <p>
	 * Passes: {@code assertThat(trace).redisCommands().hasCount(1)} for a request that
	 * answered from the cache. Fails: {@code assertThat((Trace) null).redisCommands()}.
	 * @return assertions on the trace's Redis commands
	 */
	@CheckReturnValue
	public RedisCommandsAssert redisCommands() {
		isNotNull();
		return new RedisCommandsAssert(this.actual);
	}

	/**
	 * Verify the trace's request ran no statement once per parent with different values.
	 * <p>
	 * Passes for a request that loads residences with their tasks in one query. Fails for
	 * one that walks the lazy tasks of ten residences; the failure names the statement,
	 * the association, the count and the loop's code location.
	 * @return this assertion
	 * @see FindingsAssert#hasNoNPlusOne()
	 */
	public TraceAssert hasNoNPlusOne() {
		findings().hasNoNPlusOne();
		return this;
	}

	/**
	 * Verify the trace's request ran no statement several times with identical values.
	 * <p>
	 * Passes for a request that looks a value up once. Fails for one that looks the same
	 * value up once per item of a loop.
	 * @return this assertion
	 * @see FindingsAssert#hasNoRepeatedQueries()
	 */
	public TraceAssert hasNoRepeatedQueries() {
		findings().hasNoRepeatedQueries();
		return this;
	}

	/**
	 * Verify the trace's request has an N+1, and continue with assertions on it.
	 * <p>
	 * Passes: {@code assertThat(trace).hasNPlusOne().on("Residence.tasks").withCount(10)}
	 * for a request walking the lazy tasks of ten residences. Fails:
	 * {@code hasNPlusOne()} for a request with none.
	 * @return assertions on the N+1 findings
	 */
	@CheckReturnValue
	public FindingAssert hasNPlusOne() {
		return findings().hasNPlusOne();
	}

	/**
	 * Verify the trace's request has a repeated query, and continue with assertions on
	 * it.
	 * <p>
	 * Passes: {@code assertThat(trace).hasRepeatedQuery().withCount(5)} for a request
	 * that looked one row up five times. Fails: {@code hasRepeatedQuery()} for one with
	 * none.
	 * @return assertions on the repeated-query findings
	 */
	@CheckReturnValue
	public FindingAssert hasRepeatedQuery() {
		return findings().hasRepeatedQuery();
	}

	private FindingsAssert findings() {
		isNotNull();
		return new FindingsAssert(this.actual.findings()).as(descriptionText());
	}

}
