package dev.observability.test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.observability.starter.tracelog.TraceTreeRenderer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * One finished trace as this JVM saw it: a local root span (no parent, or a parent in
 * another process) and every captured span below it. Obtain it from
 * {@link Telemetry#traceOf(String)} and check it with
 * {@link TelemetryAssertions#assertThat(Trace)}.
 */
public final class Trace {

	/**
	 * Attribute that marks a span as one SQL statement; its value is the sanitized
	 * statement.
	 */
	static final AttributeKey<String> QUERY_TEXT = AttributeKey.stringKey("db.query.text");

	private static final Comparator<SpanData> START_ORDER = Comparator.comparingLong(SpanData::getStartEpochNanos)
		.thenComparing(SpanData::getSpanId);

	private final SpanData root;

	private final List<SpanData> spans;

	private final List<SpanData> captured;

	private Trace(SpanData root, List<SpanData> spans, List<SpanData> captured) {
		this.root = root;
		this.spans = spans;
		this.captured = captured;
	}

	/**
	 * Name of the root span, for example {@code GET /api/residences/{id}/tasks}.
	 * @return the root span's name
	 */
	public String rootName() {
		return this.root.getName();
	}

	/**
	 * Root span of this trace.
	 * @return the root span
	 */
	public SpanData root() {
		return this.root;
	}

	/**
	 * Every span of this trace, root included, ordered by start time.
	 * @return the spans
	 */
	public List<SpanData> spans() {
		return this.spans;
	}

	/**
	 * Sanitized text of each SQL statement of this trace, in start order. A span counts
	 * as one statement when it has the {@code db.query.text} attribute.
	 * @return the statements
	 */
	public List<String> queries() {
		List<String> queries = new ArrayList<>();
		for (SpanData span : this.spans) {
			String text = span.getAttributes().get(QUERY_TEXT);
			if (text != null) {
				queries.add(text);
			}
		}
		return queries;
	}

	/**
	 * This trace as an indented tree with durations and key attributes.
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
			traces.add(new Trace(root, Collections.unmodifiableList(spans), snapshot));
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
