package dev.observability.starter.core;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * Reads a span attribute by name whatever its type, since one key may be recorded as a
 * string by the Micrometer bridge and as a number by a direct OpenTelemetry path.
 */
public final class SpanAttributes {

	private SpanAttributes() {
	}

	/**
	 * Value of the attribute with the given name.
	 * @param span an exported span
	 * @param name the attribute name, for example {@code http.response.status_code}
	 * @return the value (a string, number, boolean or list), or {@code null} when the
	 * span has no such attribute
	 */
	public static @Nullable Object get(SpanData span, String name) {
		Attributes attributes = span.getAttributes();
		String text = attributes.get(AttributeKey.stringKey(name));
		if (text != null) {
			return text;
		}
		Object[] found = new Object[1];
		attributes.forEach((key, value) -> {
			if (found[0] == null && key.getKey().equals(name)) {
				found[0] = value;
			}
		});
		return found[0];
	}

	/**
	 * Value of the attribute with the given name, as text.
	 * @param span an exported span
	 * @param name the attribute name
	 * @return the value as text, or {@code null} when the span has no such attribute
	 */
	public static @Nullable String getAsString(SpanData span, String name) {
		Object value = get(span, name);
		return (value != null) ? String.valueOf(value) : null;
	}

}
