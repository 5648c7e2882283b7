package dev.observability.starter.tracelog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.SpanAttributes;
import dev.observability.starter.core.SpanCatalogue;

/**
 * Renders the spans of one trace as an indented tree: one span a line, two spaces per
 * level, children ordered by start time. Spans whose parent is not in the rendered
 * collection become extra roots. The detailed form adds each span's duration, an
 * {@code ERROR} marker and the attributes the span's role names in the
 * {@link SpanCatalogue} (of any type, in the role's order); the names-only form is what
 * the test kit compares against an expected tree.
 */
public final class TraceTreeRenderer {

	/**
	 * Value Micrometer conventions record when a key has no value, e.g.
	 * {@code error.type=none} on a successful request; not worth showing.
	 */
	private static final String NO_VALUE = "none";

	private static final String INDENT = "  ";

	private static final int MAX_VALUE_LENGTH = 200;

	private static final Comparator<SpanData> START_ORDER = Comparator.comparingLong(SpanData::getStartEpochNanos)
		.thenComparing(SpanData::getName)
		.thenComparing(SpanData::getSpanId);

	private static final TraceTreeRenderer NAMES_ONLY = new TraceTreeRenderer(null);

	private final @Nullable SpanCatalogue catalogue;

	private TraceTreeRenderer(@Nullable SpanCatalogue catalogue) {
		this.catalogue = catalogue;
	}

	/**
	 * Renderer that shows names, durations, error markers and the key attributes of
	 * {@link SpanCatalogue#standard() the standard catalogue}.
	 * @return the detailed renderer
	 */
	public static TraceTreeRenderer detailed() {
		return Detailed.STANDARD;
	}

	/**
	 * Renderer that shows names, durations, error markers and the key attributes a given
	 * catalogue names.
	 * @param catalogue the span roles to take the attributes from
	 * @return the detailed renderer
	 */
	public static TraceTreeRenderer detailed(SpanCatalogue catalogue) {
		return new TraceTreeRenderer(catalogue);
	}

	/**
	 * Renderer that shows span names only.
	 * @return the names-only renderer
	 */
	public static TraceTreeRenderer namesOnly() {
		return NAMES_ONLY;
	}

	/**
	 * Render spans as a tree, one line per span, each line ending with a newline.
	 * @param spans the spans of one trace, in any order
	 * @return the rendered tree, empty when there are no spans
	 */
	public String render(Collection<? extends SpanData> spans) {
		Set<String> ids = new HashSet<>();
		for (SpanData span : spans) {
			ids.add(span.getSpanId());
		}
		List<SpanData> roots = new ArrayList<>();
		Map<String, List<SpanData>> children = new HashMap<>();
		for (SpanData span : spans) {
			String parentId = span.getParentSpanContext().isValid() ? span.getParentSpanId() : null;
			if (parentId != null && ids.contains(parentId) && !parentId.equals(span.getSpanId())) {
				children.computeIfAbsent(parentId, (key) -> new ArrayList<>()).add(span);
			}
			else {
				roots.add(span);
			}
		}
		StringBuilder out = new StringBuilder();
		roots.sort(START_ORDER);
		Set<String> rendered = new HashSet<>();
		for (SpanData root : roots) {
			append(out, root, 0, children, rendered);
		}
		return out.toString();
	}

	private void append(StringBuilder out, SpanData span, int depth, Map<String, List<SpanData>> children,
			Set<String> rendered) {
		if (!rendered.add(span.getSpanId())) {
			return;
		}
		out.append(INDENT.repeat(depth)).append(span.getName());
		if (this.catalogue != null) {
			appendDetails(out, span, this.catalogue);
		}
		out.append('\n');
		List<SpanData> kids = children.getOrDefault(span.getSpanId(), new ArrayList<>());
		kids.sort(START_ORDER);
		for (SpanData child : kids) {
			append(out, child, depth + 1, children, rendered);
		}
	}

	private static void appendDetails(StringBuilder out, SpanData span, SpanCatalogue catalogue) {
		out.append(" (").append(formatMillis(span.getEndEpochNanos() - span.getStartEpochNanos())).append(')');
		if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
			out.append(" ERROR");
		}
		for (String name : catalogue.renderedKeys(span)) {
			Object value = SpanAttributes.get(span, name);
			if (value != null && !NO_VALUE.equals(value)) {
				out.append(' ').append(name).append('=').append(formatValue(value));
			}
		}
	}

	/**
	 * Format a duration in milliseconds with three significant digits at most.
	 * @param nanos the duration in nanoseconds
	 * @return the formatted duration, for example {@code 0.42 ms}, {@code 12.3 ms} or
	 * {@code 1520 ms}
	 */
	static String formatMillis(long nanos) {
		double millis = Math.max(0, nanos) / 1_000_000.0;
		String pattern = (millis < 10) ? "%.2f ms" : (millis < 100) ? "%.1f ms" : "%.0f ms";
		return String.format(Locale.ROOT, pattern, millis);
	}

	private static String formatValue(Object value) {
		String oneLine = String.valueOf(value).replaceAll("\\s+", " ").strip();
		if (oneLine.length() > MAX_VALUE_LENGTH) {
			oneLine = oneLine.substring(0, MAX_VALUE_LENGTH) + "...";
		}
		boolean plain = !oneLine.isEmpty() && oneLine.chars().noneMatch((c) -> c == ' ' || c == '"' || c == '=');
		return plain ? oneLine : '"' + oneLine.replace("\"", "\\\"") + '"';
	}

	/**
	 * Holder of the standard detailed renderer, created when first used so that the
	 * catalogue is loaded only by those who render details.
	 */
	private static final class Detailed {

		static final TraceTreeRenderer STANDARD = new TraceTreeRenderer(SpanCatalogue.standard());

	}

}
