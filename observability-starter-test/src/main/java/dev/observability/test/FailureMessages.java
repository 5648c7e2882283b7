package dev.observability.test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.observability.starter.tracelog.TraceTreeRenderer;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Builds the failure texts of the test kit: what was expected, what was found, and the
 * likely mistake.
 */
final class FailureMessages {

	private FailureMessages() {
	}

	static String missingTrace(String rootName, Duration timeout, List<Trace> traces, List<SpanData> spans) {
		StringBuilder message = new StringBuilder("No finished trace has the root span \"").append(rootName)
			.append("\" (waited ")
			.append(timeout.toMillis())
			.append(" ms).\n");
		appendRoots(message, traces);
		message.append("Likely mistake: ").append(missingTraceHint(rootName, traces, spans));
		return message.toString();
	}

	private static String missingTraceHint(String rootName, List<Trace> traces, List<SpanData> spans) {
		if (spans.isEmpty()) {
			return "no span was captured at all: the code under test did not run, or is not instrumented.";
		}
		Optional<Trace> owner = traceContaining(traces, rootName);
		if (owner.isPresent()) {
			return "\"" + rootName + "\" is a span inside the trace \"" + owner.get().rootName()
					+ "\", not a root; pass that root's name to traceOf(...).";
		}
		for (Trace trace : traces) {
			if (trace.rootName().equalsIgnoreCase(rootName)
					|| normalise(trace.rootName()).equals(normalise(rootName))) {
				return "names are compared exactly; did you mean \"" + trace.rootName() + "\"?";
			}
		}
		return "the request or job did not run, or its root span has another name; "
				+ "HTTP root spans are named after method and route template, e.g. \"GET /api/residences/{id}/tasks\".";
	}

	static String treeMismatch(Trace trace, String expected, String actual) {
		StringBuilder message = new StringBuilder("Expecting the trace \"").append(trace.rootName())
			.append("\" to have the span tree:\n")
			.append(indent(expected))
			.append("but its span names were:\n")
			.append(indent(actual))
			.append("Actual trace with durations and key attributes:\n")
			.append(indent(trace.render()));
		appendRoots(message, Trace.assemble(trace.captured()));
		message.append("Likely mistake: ").append(treeHint(trace, expected, actual));
		return message.toString();
	}

	private static String treeHint(Trace trace, String expected, String actual) {
		List<String> expectedNames = names(expected);
		List<String> actualNames = names(actual);
		if (!expectedNames.get(0).equals(trace.rootName())) {
			return "the first line of the expected tree must be the root span \"" + trace.rootName() + "\", not \""
					+ expectedNames.get(0) + "\".";
		}
		Map<String, Long> expectedCounts = counts(expectedNames);
		Map<String, Long> actualCounts = counts(actualNames);
		for (String name : expectedCounts.keySet()) {
			if (!actualCounts.containsKey(name)) {
				Optional<Trace> other = Trace.assemble(trace.captured())
					.stream()
					.filter((candidate) -> candidate != trace && !candidate.root().equals(trace.root()))
					.filter((candidate) -> candidate.spans().stream().anyMatch((span) -> span.getName().equals(name)))
					.findFirst();
				return other
					.map((owner) -> "\"" + name + "\" is not in this trace but in the trace \"" + owner.rootName()
							+ "\": it probably ran on another thread without the trace context.")
					.orElse("\"" + name + "\" was not captured at all: the code did not run, its instrumentation is "
							+ "switched off, or the span has another name.");
			}
		}
		for (Map.Entry<String, Long> entry : actualCounts.entrySet()) {
			long wanted = expectedCounts.getOrDefault(entry.getKey(), 0L);
			if (wanted == 0) {
				return "\"" + entry.getKey() + "\" is in the trace but not in the expected tree.";
			}
			if (entry.getValue() > wanted) {
				return "\"" + entry.getKey() + "\" occurs " + entry.getValue() + " times, expected " + wanted
						+ (trace.isQuery(entry.getKey()) ? ": a call runs in a loop (an N+1 query?)."
								: ": a call runs in a loop.");
			}
		}
		for (Map.Entry<String, Long> entry : expectedCounts.entrySet()) {
			long found = actualCounts.getOrDefault(entry.getKey(), 0L);
			if (found < entry.getValue()) {
				return "\"" + entry.getKey() + "\" occurs " + found + " times, expected " + entry.getValue() + ".";
			}
		}
		return "the same spans are nested or ordered differently: a child is indented two spaces more than its "
				+ "parent, and siblings are listed in start order.";
	}

	/**
	 * How a statement that repeats in a trace is explained.
	 */
	static final Repetition QUERY_LOOP = new Repetition("the statement",
			"a query in a loop (N+1); fetch the rows in one query.");

	/**
	 * How a Redis command that repeats in a trace is explained.
	 */
	static final Repetition COMMAND_LOOP = new Repetition("the command",
			"a command in a loop; read or write the keys in one command (MGET, a hash) or a pipeline.");

	static String count(Trace trace, String expectation, List<String> items, Repetition repetition) {
		StringBuilder message = new StringBuilder("Expecting the trace \"").append(trace.rootName())
			.append("\" to run ")
			.append(expectation)
			.append(" but it ran ")
			.append(items.size())
			.append(items.isEmpty() ? ".\n" : ":\n");
		for (int i = 0; i < items.size(); i++) {
			message.append("  ").append(i + 1).append(". ").append(items.get(i)).append('\n');
		}
		counts(items).entrySet()
			.stream()
			.filter((entry) -> entry.getValue() > 1)
			.findFirst()
			.ifPresent((entry) -> message.append("Likely mistake: ")
				.append(repetition.noun())
				.append(" \"")
				.append(entry.getKey())
				.append("\" runs ")
				.append(entry.getValue())
				.append(" times: ")
				.append(repetition.hint())
				.append('\n'));
		return message.toString().stripTrailing();
	}

	private static void appendRoots(StringBuilder message, List<Trace> traces) {
		message.append("Captured traces (root span names, newest first):\n");
		if (traces.isEmpty()) {
			message.append("  (none)\n");
		}
		for (Trace trace : traces) {
			message.append("  ").append(trace.rootName()).append('\n');
		}
	}

	private static Optional<Trace> traceContaining(List<Trace> traces, String spanName) {
		return traces.stream()
			.filter((trace) -> trace.spans()
				.stream()
				.anyMatch((span) -> span != trace.root() && span.getName().equals(spanName)))
			.findFirst();
	}

	private static String normalise(String name) {
		return name.replaceAll("\\s+", " ").strip().toLowerCase(java.util.Locale.ROOT);
	}

	private static String indent(String tree) {
		return tree.lines().map((line) -> "  " + line + "\n").collect(Collectors.joining());
	}

	private static List<String> names(String tree) {
		return tree.lines().map(String::strip).toList();
	}

	private static Map<String, Long> counts(List<String> names) {
		return names.stream()
			.collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
	}

	static String render(List<SpanData> spans) {
		return TraceTreeRenderer.namesOnly().render(spans);
	}

	/**
	 * What a repeated item of a count is called in a failure, and the likely cause.
	 *
	 * @param noun e.g. {@code the statement}
	 * @param hint the likely cause and its fix
	 */
	record Repetition(String noun, String hint) {

	}

}
