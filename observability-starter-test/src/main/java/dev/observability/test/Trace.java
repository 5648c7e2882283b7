package dev.observability.test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.data.SpanData;

import dev.observability.starter.core.SpanAttributes;
import dev.observability.starter.core.SpanCatalogue;
import dev.observability.starter.core.SpanRole;
import dev.observability.starter.core.QueryFinding;
import dev.observability.starter.tracelog.TraceTreeRenderer;

/**
 * One finished trace as this JVM saw it: a local root span (no parent, or a parent in
 * another process) and every captured span below it. Obtain it from
 * {@link Telemetry#traceOf(String)} and check it with
 * {@link TelemetryAssertions#assertThat(Trace)}.
 */
public final class Trace {

	/**
	 * Roles of the spans, which tell a SQL statement from, say, a Redis command that also
	 * has a {@code db.query.text}.
	 */
	private static final SpanCatalogue CATALOGUE = SpanCatalogue.standard();

	private static final Comparator<SpanData> START_ORDER = Comparator.comparingLong(SpanData::getStartEpochNanos)
		.thenComparing(SpanData::getSpanId);

	private final SpanData root;

	private final List<SpanData> spans;

	private final List<SpanData> captured;

	private final Findings findings;

	private Trace(SpanData root, List<SpanData> spans, List<SpanData> captured, Findings findings) {
		this.root = root;
		this.spans = spans;
		this.captured = captured;
		this.findings = findings;
	}

	/**
	 * N+1 and repeated queries the starter found in this trace's unit of work (its
	 * request), judged with the application's {@code observability.jdbc.findings.*}
	 * settings.
	 * <p>
	 * Passes: {@code assertThat(trace.findings().all()).isEmpty()} for a request that
	 * loaded its data in one query. Fails: the same for a request that walked a lazy
	 * collection of ten parents in a loop.
	 * @return the findings
	 */
	public Findings findings() {
		return this.findings;
	}

	/**
	 * Name of the root span, for example {@code GET /api/residences/{id}/tasks}.
	 * <p>
	 * Passes:
	 * {@code assertThat(telemetry.traceOf("GET /api/tasks").rootName()).isEqualTo("GET /api/tasks")}.
	 * Fails: the same with {@code isEqualTo("GET /api/task")}.
	 * @return the root span's name
	 */
	public String rootName() {
		return this.root.getName();
	}

	/**
	 * Root span of this trace.
	 * <p>
	 * Passes: {@code assertThat(trace.root().getParentSpanContext().isValid()).isFalse()}
	 * for a request without a {@code traceparent} header. Fails: the same for a request
	 * that carried one (the root then has a remote parent).
	 * @return the root span
	 */
	public SpanData root() {
		return this.root;
	}

	/**
	 * Every span of this trace, root included, ordered by start time.
	 * <p>
	 * Passes: {@code assertThat(trace.spans()).hasSize(3)} for a request with one service
	 * span and one query. Fails: {@code hasSize(2)} for the same request.
	 * @return the spans
	 */
	public List<SpanData> spans() {
		return this.spans;
	}

	/**
	 * Sanitized text of each SQL statement of this trace, in start order. A span counts
	 * as one statement when the span catalogue gives it the {@code sql} role: its
	 * {@code db.system.name} is a SQL database, so Redis commands and other database
	 * clients are not counted. A statement without recorded text counts under its span
	 * name.
	 * <p>
	 * Passes:
	 * {@code assertThat(trace.queries()).containsExactly("select title from task where residence_id = ?")}
	 * for a request that ran that one statement. Fails: the same when the statement ran
	 * twice.
	 * @return the statements
	 */
	public List<String> queries() {
		return textsOf(SpanRole.SQL);
	}

	/**
	 * Each Redis command of this trace, in start order: its masked statement when the
	 * starter records statements ({@code observability.redis.statement.enabled}), its
	 * span name ({@code GET}, {@code SET}) otherwise. A span counts when the span
	 * catalogue gives it the {@code redis} role.
	 * <p>
	 * Passes: {@code assertThat(trace.redisCommands()).containsExactly("GET")} for a
	 * request that read one key. Fails: the same when it also wrote one.
	 * @return the commands
	 */
	public List<String> redisCommands() {
		return textsOf(SpanRole.REDIS);
	}

	private List<String> textsOf(String roleId) {
		List<String> texts = new ArrayList<>();
		for (SpanData span : this.spans) {
			CATALOGUE.roleOf(span).filter((role) -> roleId.equals(role.id())).ifPresent((role) -> {
				String key = role.textKey();
				String text = (key != null) ? SpanAttributes.getAsString(span, key) : null;
				texts.add((text != null) ? text : span.getName());
			});
		}
		return texts;
	}

	/**
	 * Whether a span of this trace with the given name is a SQL statement.
	 * @param spanName the span name
	 * @return whether some span of that name has the {@code sql} role
	 */
	boolean isQuery(String spanName) {
		return this.spans.stream()
			.anyMatch((span) -> span.getName().equals(spanName) && CATALOGUE.hasRole(span, SpanRole.SQL));
	}

	/**
	 * This trace as an indented tree with durations and key attributes, for a test's own
	 * output or checks.
	 * <p>
	 * Passes:
	 * {@code assertThat(trace.render()).contains("http.response.status_code=200")} for a
	 * successful request. Fails: the same for a request answered with 404.
	 * @return the rendered tree
	 */
	public String render() {
		return TraceTreeRenderer.detailed().render(this.spans);
	}

	@Override
	public String toString() {
		return "Trace \"" + rootName() + "\"";
	}

	/**
	 * Every span captured when this trace was taken, from all traces.
	 * @return the captured spans
	 */
	List<SpanData> captured() {
		return this.captured;
	}

	/**
	 * Group captured spans into traces, one per local root, newest root first. Spans
	 * whose local root has not ended yet belong to no trace.
	 * @param captured every captured span
	 * @return the traces
	 */
	static List<Trace> assemble(List<SpanData> captured) {
		return assemble(captured, List.of());
	}

	/**
	 * Group captured spans into traces, one per local root, newest root first, each with
	 * the findings reported for its trace id.
	 * @param captured every captured span
	 * @param findings every reported finding
	 * @return the traces
	 */
	static List<Trace> assemble(List<SpanData> captured, List<QueryFinding> findings) {
		Map<String, List<SpanData>> children = new HashMap<>();
		List<SpanData> roots = new ArrayList<>();
		for (SpanData span : captured) {
			SpanContext parent = span.getParentSpanContext();
			if (!parent.isValid() || parent.isRemote()) {
				roots.add(span);
			}
			else {
				children.computeIfAbsent(span.getTraceId() + "/" + parent.getSpanId(), (key) -> new ArrayList<>())
					.add(span);
			}
		}
		roots.sort(START_ORDER.reversed());
		List<SpanData> snapshot = Collections.unmodifiableList(captured);
		List<Trace> traces = new ArrayList<>();
		for (SpanData root : roots) {
			List<SpanData> spans = new ArrayList<>();
			collect(root, children, spans);
			spans.sort(START_ORDER);
			traces.add(new Trace(root, Collections.unmodifiableList(spans), snapshot, new Findings(
					findings.stream().filter((finding) -> root.getTraceId().equals(finding.getTraceId())).toList())));
		}
		return traces;
	}

	private static void collect(SpanData span, Map<String, List<SpanData>> children, List<SpanData> into) {
		into.add(span);
		for (SpanData child : children.getOrDefault(span.getTraceId() + "/" + span.getSpanId(), List.of())) {
			collect(child, children, into);
		}
	}

}
