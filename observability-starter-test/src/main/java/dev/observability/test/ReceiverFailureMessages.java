package dev.observability.test;

import java.time.Duration;
import java.util.List;

import dev.observability.test.OtlpReceiver.ReceivedRequest;
import dev.observability.test.OtlpReceiver.ReceivedSpan;

/**
 * Failure texts of {@link OtlpReceiver}: what was expected, what arrived, and the likely
 * mistake.
 */
final class ReceiverFailureMessages {

	private static final String TRACES = "/v1/traces";

	private ReceiverFailureMessages() {
	}

	static String tooFewSpans(int expected, Duration timeout, String endpoint, List<ReceivedSpan> spans,
			List<ReceivedRequest> requests) {
		List<ReceivedRequest> traceRequests = requests.stream()
			.filter((request) -> request.path().equals(TRACES))
			.toList();
		return "Expecting at least " + expected + " spans at " + endpoint + " within " + timeout.toMillis()
				+ " ms, but " + spans.size() + " arrived: " + spans.stream().map(ReceivedSpan::name).toList() + "\n"
				+ "Requests received: " + requests + "\n" + "Likely mistake: " + hint(endpoint, spans, traceRequests);
	}

	private static String hint(String endpoint, List<ReceivedSpan> spans, List<ReceivedRequest> traceRequests) {
		if (traceRequests.isEmpty()) {
			return "no trace request arrived. Is the exporter's endpoint " + endpoint + TRACES
					+ " (Boot: management.opentelemetry.tracing.export.otlp.endpoint)? In a @SpringBootTest, is "
					+ "export on (@AutoConfigureTracing)? Is the span sampled "
					+ "(management.tracing.sampling.probability)?";
		}
		long notAccepted = traceRequests.stream().filter((request) -> request.status() != 200).count();
		if (notAccepted > 0) {
			return notAccepted + " of " + traceRequests.size()
					+ " trace requests were not accepted (a fault mode, or a malformed request).";
		}
		return "the other spans were not exported yet (a batch span processor exports every schedule delay: "
				+ "Boot's management.opentelemetry.tracing.export.schedule-delay, 5s by default) or not sampled.";
	}

}
