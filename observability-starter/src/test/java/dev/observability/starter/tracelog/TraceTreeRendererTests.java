package dev.observability.starter.tracelog;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.junit.jupiter.api.Test;

import dev.observability.starter.core.SpanCatalogue;
import dev.observability.starter.core.SpanRole;

import static org.assertj.core.api.Assertions.assertThat;

class TraceTreeRendererTests {

	private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	private static final long T0 = 1_700_000_000_000_000_000L;

	private static final long MS = 1_000_000L;

	private final SpanData root = span("0000000000000001", null, "GET /api/residences/{id}/tasks", 0, 12_345_678)
		.setAttributes(Attributes.builder()
			.put("http.response.status_code", "200")
			.put("error.type", "none")
			.put("http.route", "/api/residences/{id}/tasks")
			.build())
		.build();

	private final SpanData service = span("0000000000000002", "0000000000000001", "TaskService.listForResidence", MS,
			11 * MS)
		.build();

	private final SpanData secondQuery = span("0000000000000004", "0000000000000002", "SELECT task", 5 * MS,
			5 * MS + 420_000)
		.setAttributes(Attributes.builder()
			.put("db.query.text", "select * from task where residence_id = ?")
			.put("db.system.name", "h2")
			.build())
		.build();

	private final SpanData firstQuery = span("0000000000000003", "0000000000000002", "INSERT task", 2 * MS,
			3 * MS + 10_000)
		.setStatus(StatusData.error())
		.setAttributes(Attributes.builder()
			.put("error.type", "constraint_violation")
			.put("db.operation.batch.size", 3L)
			.put("db.query.text", "insert into task (id, title) values (?, ?)")
			.build())
		.build();

	@Test
	void rendersDetailsIndentedByTwoSpacesWithChildrenInStartOrder() {
		String tree = TraceTreeRenderer.detailed()
			.render(List.of(this.secondQuery, this.root, this.firstQuery, this.service));
		assertThat(tree).isEqualTo(
				"""
						GET /api/residences/{id}/tasks (12.3 ms) http.response.status_code=200
						  TaskService.listForResidence (10.0 ms)
						    INSERT task (1.01 ms) ERROR error.type=constraint_violation db.operation.batch.size=3 db.query.text="insert into task (id, title) values (?, ?)"
						    SELECT task (0.42 ms) db.query.text="select * from task where residence_id = ?"
						""");
	}

	@Test
	void rendersNamesOnly() {
		String tree = TraceTreeRenderer.namesOnly()
			.render(List.of(this.secondQuery, this.root, this.firstQuery, this.service));
		assertThat(tree).isEqualTo("""
				GET /api/residences/{id}/tasks
				  TaskService.listForResidence
				    INSERT task
				    SELECT task
				""");
	}

	@Test
	void showsSpansWhoseParentIsMissingAsExtraRoots() {
		SpanData lateJob = span("0000000000000009", "00000000000000ff", "job send-reminders", 20 * MS, 1_520 * MS)
			.build();
		String tree = TraceTreeRenderer.detailed().render(List.of(lateJob, this.secondQuery, this.root));
		assertThat(tree).isEqualTo("""
				GET /api/residences/{id}/tasks (12.3 ms) http.response.status_code=200
				SELECT task (0.42 ms) db.query.text="select * from task where residence_id = ?"
				job send-reminders (1500 ms)
				""");
	}

	@Test
	void rendersNothingForNoSpans() {
		assertThat(TraceTreeRenderer.detailed().render(List.of())).isEmpty();
	}

	@Test
	void shortensLongAttributeValuesToOneLine() {
		String sql = "select\n  " + "x, ".repeat(100) + "y from t";
		SpanData query = span("0000000000000005", null, "SELECT t", 0, MS)
			.setAttributes(Attributes.of(AttributeKey.stringKey("db.query.text"), sql))
			.build();
		String line = TraceTreeRenderer.detailed().render(List.of(query));
		assertThat(line).startsWith("SELECT t (1.00 ms) db.query.text=\"select x, x, ")
			.endsWith("...\"\n")
			.doesNotContain("\n  ");
	}

	@Test
	void rendersNumericAttributesAsNumbers() {
		SpanData request = span("0000000000000006", null, "GET /api/tasks", 0, MS).setKind(SpanKind.SERVER)
			.setAttributes(Attributes.builder()
				.put("http.request.method", "GET")
				.put("http.response.status_code", 503L)
				.put("error.type", "503")
				.build())
			.build();
		assertThat(TraceTreeRenderer.detailed().render(List.of(request)))
			.isEqualTo("GET /api/tasks (1.00 ms) http.response.status_code=503 error.type=503\n");
	}

	@Test
	void rendersOnlyTheKeysTheSpanRoleDeclares() {
		SpanData statement = span("0000000000000007", null, "SELECT task", 0, MS).setKind(SpanKind.CLIENT)
			.setAttributes(Attributes.builder()
				.put("db.system.name", "h2")
				.put("db.query.text", "select 1")
				.put("http.response.status_code", 200L)
				.build())
			.build();
		assertThat(TraceTreeRenderer.detailed().render(List.of(statement)))
			.isEqualTo("SELECT task (1.00 ms) db.query.text=\"select 1\"\n");
	}

	@Test
	void takesTheRenderedKeysFromTheCatalogue() {
		SpanRole redis = SpanRole.of("redis",
				(span) -> "redis".equals(span.getAttributes().get(AttributeKey.stringKey("db.system.name"))),
				List.of("db.namespace", "db.query.text"));
		SpanData command = span("0000000000000008", null, "GET", 0, MS).setKind(SpanKind.CLIENT)
			.setAttributes(Attributes.builder()
				.put("db.system.name", "redis")
				.put("db.query.text", "GET k")
				.put("db.namespace", 0L)
				.put("error.type", "WRONGTYPE")
				.build())
			.build();
		String line = TraceTreeRenderer.detailed(SpanCatalogue.of(List.of(redis))).render(List.of(command));
		assertThat(line).isEqualTo("GET (1.00 ms) db.namespace=0 db.query.text=\"GET k\"\n");
	}

	private static TestSpanData.Builder span(String spanId, String parentId, String name, long startOffset,
			long endOffset) {
		SpanContext parent = (parentId != null)
				? SpanContext.create(TRACE_ID, parentId, TraceFlags.getSampled(), TraceState.getDefault())
				: SpanContext.getInvalid();
		return TestSpanData.builder()
			.setSpanContext(SpanContext.create(TRACE_ID, spanId, TraceFlags.getSampled(), TraceState.getDefault()))
			.setParentSpanContext(parent)
			.setName(name)
			.setKind(SpanKind.INTERNAL)
			.setStartEpochNanos(T0 + startOffset)
			.setEndEpochNanos(T0 + endOffset)
			.setStatus(StatusData.unset())
			.setAttributes(Attributes.empty())
			.setHasEnded(true)
			.setTotalRecordedEvents(0)
			.setTotalRecordedLinks(0);
	}

}
