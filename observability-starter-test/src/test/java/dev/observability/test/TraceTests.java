package dev.observability.test;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.junit.jupiter.api.Test;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link Trace} over hand-made spans, for span roles no test application produces yet.
 */
class TraceTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private final SpanData request = span("0000000000000001", null, "GET /api/tasks", 0, SpanKind.SERVER,
			Attributes.builder().put("http.request.method", "GET").put("http.response.status_code", 200L).build());

	private final SpanData statement = span("0000000000000002", "0000000000000001", "SELECT task", 1, SpanKind.CLIENT,
			Attributes.builder()
				.put("db.system.name", "h2")
				.put("db.query.text", "SELECT title FROM task WHERE id = ?")
				.build());

	private final SpanData redisCommand = span("0000000000000003", "0000000000000001", "GET", 2, SpanKind.CLIENT,
			Attributes.builder().put("db.system.name", "redis").put("db.query.text", "GET k").build());

	@Test
	void queriesCountsSqlStatementsButNotRedisCommandsWithQueryText() {
		Trace trace = trace(this.request, this.statement, this.redisCommand);
		assertThat(trace.queries()).containsExactly("SELECT title FROM task WHERE id = ?");
		assertThat(trace).queries().hasCount(1);
	}

	@Test
	void queriesCountsAStatementSpanWithoutTextUnderItsName() {
		SpanData untexted = span("0000000000000004", "0000000000000001", "SELECT", 3, SpanKind.CLIENT,
				Attributes.builder().put("db.system.name", "postgresql").build());
		assertThat(trace(this.request, untexted).queries()).containsExactly("SELECT");
	}

	@Test
	void queryCountFailureListsOnlyTheSqlStatements() {
		Trace trace = trace(this.request, this.statement, this.redisCommand);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(trace).queries().hasCount(0))
			.withMessage("""
					Expecting the trace "GET /api/tasks" to run 0 SQL queries but it ran 1:
					  1. SELECT title FROM task WHERE id = ?""");
	}

	@Test
	void redisCommandsCountsRedisSpansByStatementOrNameButNotSqlStatements() {
		SpanData untexted = span("0000000000000006", "0000000000000001", "SET", 5, SpanKind.CLIENT,
				Attributes.builder().put("db.system.name", "redis").build());
		Trace trace = trace(this.request, this.statement, this.redisCommand, untexted);
		assertThat(trace.redisCommands()).containsExactly("GET k", "SET");
		assertThat(trace).redisCommands().hasCount(2).hasCountAtMost(2);
	}

	@Test
	void redisCommandCountFailureListsTheCommandsAndNamesARepeatedOne() {
		SpanData again = span("0000000000000007", "0000000000000001", "GET", 6, SpanKind.CLIENT,
				Attributes.builder().put("db.system.name", "redis").put("db.query.text", "GET k").build());
		Trace trace = trace(this.request, this.statement, this.redisCommand, again);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(trace).redisCommands().hasCountAtMost(1))
			.withMessage("""
					Expecting the trace "GET /api/tasks" to run at most 1 Redis command but it ran 2:
					  1. GET k
					  2. GET k
					Likely mistake: the command "GET k" runs 2 times: a command in a loop; read or write the keys \
					in one command (MGET, a hash) or a pipeline.""");
	}

	@Test
	void repeatedSpanThatIsNoStatementIsNotCalledAnNPlusOneQuery() {
		SpanData secondCommand = span("0000000000000005", "0000000000000001", "GET", 4, SpanKind.CLIENT,
				Attributes.builder().put("db.system.name", "redis").put("db.query.text", "GET k").build());
		Trace trace = trace(this.request, this.redisCommand, secondCommand);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(trace).hasTree("""
				GET /api/tasks
				  GET
				"""))
			.withMessageEndingWith("Likely mistake: \"GET\" occurs 2 times, expected 1: a call runs in a loop.");
	}

	@Test
	void renderShowsTheKeysOfEachSpansRole() {
		assertThat(trace(this.request, this.statement).render()).contains(
				"GET /api/tasks (1.00 ms) http.response.status_code=200",
				"SELECT task (1.00 ms) db.query.text=\"SELECT title FROM task WHERE id = ?\"");
	}

	private static Trace trace(SpanData... spans) {
		return Trace.assemble(List.of(spans)).get(0);
	}

	private static SpanData span(String spanId, String parentId, String name, long startMillis, SpanKind kind,
			Attributes attributes) {
		SpanContext parent = (parentId != null)
				? SpanContext.create(TRACE_ID, parentId, TraceFlags.getSampled(), TraceState.getDefault())
				: SpanContext.getInvalid();
		long start = 1_700_000_000_000_000_000L + startMillis * 1_000_000L;
		return TestSpanData.builder()
			.setSpanContext(SpanContext.create(TRACE_ID, spanId, TraceFlags.getSampled(), TraceState.getDefault()))
			.setParentSpanContext(parent)
			.setName(name)
			.setKind(kind)
			.setStartEpochNanos(start)
			.setEndEpochNanos(start + 1_000_000L)
			.setStatus(StatusData.unset())
			.setAttributes(attributes)
			.setHasEnded(true)
			.setTotalRecordedEvents(0)
			.setTotalRecordedLinks(0)
			.build();
	}

}
