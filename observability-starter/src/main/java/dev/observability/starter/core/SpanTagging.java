package dev.observability.starter.core;

import java.util.Set;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelSpan;

/**
 * What the starter's tracing handlers do differently from Micrometer's when an
 * observation becomes a span: numeric keys become number attributes, and a failure is
 * recorded by {@link SpanErrors} (type only, unless messages are allowed).
 */
final class SpanTagging {

	private static final String MICROMETER_ERROR_KEY = "ERROR";

	private final Set<String> numericKeys;

	private final boolean includeExceptionMessages;

	SpanTagging(Set<String> numericKeys, boolean includeExceptionMessages) {
		this.numericKeys = Set.copyOf(numericKeys);
		this.includeExceptionMessages = includeExceptionMessages;
	}

	void tagSpan(Observation.Context context, Span span) {
		for (KeyValue keyValue : context.getAllKeyValues()) {
			String key = keyValue.getKey();
			if (MICROMETER_ERROR_KEY.equalsIgnoreCase(key)) {
				continue;
			}
			if (this.numericKeys.contains(key) && isLong(keyValue.getValue())) {
				span.tag(key, Long.parseLong(keyValue.getValue()));
			}
			else {
				span.tag(key, keyValue.getValue());
			}
		}
	}

	void error(Observation.Context context, Span span) {
		Throwable error = context.getError();
		if (error != null) {
			SpanErrors.record(OtelSpan.toOtel(span), error, this.includeExceptionMessages);
		}
	}

	private static boolean isLong(String value) {
		int length = value.length();
		if (length == 0 || length > 18) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

}
