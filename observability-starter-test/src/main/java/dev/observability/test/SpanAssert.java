package dev.observability.test;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.opentelemetry.sdk.trace.data.SpanData;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.SpanAttributes;

/**
 * Assertions on one span of a trace; start with {@code assertThat(trace).span(name)}.
 * Attribute values are compared by their string form, whatever type the span recorded:
 * {@code hasAttribute("http.response.status_code", 200)} and
 * {@code hasAttribute("http.response.status_code", "200")} both pass for a status
 * recorded as the number 200 or as the text "200".
 */
public class SpanAssert extends AbstractAssert<SpanAssert, SpanData> {

	SpanAssert(SpanData span) {
		super(span, SpanAssert.class);
	}

	/**
	 * Verify the span has an attribute with this key, whatever its value.
	 * <p>
	 * Passes:
	 * {@code assertThat(trace).span("SELECT task").hasAttribute("db.query.text")}. Fails:
	 * {@code hasAttribute("db.query.parameter.0")} (bind values are not recorded); the
	 * failure lists the span's attributes.
	 * @param key the attribute key
	 * @return this assertion
	 */
	public SpanAssert hasAttribute(String key) {
		isNotNull();
		if (value(key) == null) {
			failWithMessage("%s", "Expecting the span \"" + this.actual.getName() + "\" to have the attribute \"" + key
					+ "\", but it has none of that key.\n" + attributes());
		}
		return this;
	}

	/**
	 * Verify the span has an attribute with this key whose value has the given string
	 * form.
	 * <p>
	 * Passes:
	 * {@code assertThat(trace).span("SELECT task").hasAttribute("db.collection.name", "task")}.
	 * Fails: the same with {@code "tasks"}; the failure shows the value found and lists
	 * the span's attributes.
	 * @param key the attribute key
	 * @param expected the expected value, compared by {@link String#valueOf(Object)}
	 * @return this assertion
	 */
	public SpanAssert hasAttribute(String key, Object expected) {
		isNotNull();
		String value = value(key);
		String wanted = String.valueOf(expected);
		if (!wanted.equals(value)) {
			failWithMessage("%s",
					"Expecting the span \"" + this.actual.getName() + "\" to have the attribute " + key + "=\"" + wanted
							+ "\", but "
							+ ((value != null) ? "it has " + key + "=\"" + value + "\"." : "it has none of that key.")
							+ "\n" + attributes());
		}
		return this;
	}

	/**
	 * Verify the span has no attribute with this key.
	 * <p>
	 * Passes:
	 * {@code assertThat(trace).span("SELECT task").doesNotHaveAttribute("db.query.parameter.0")}.
	 * Fails: {@code doesNotHaveAttribute("db.query.text")}; the failure shows the value
	 * found.
	 * @param key the attribute key
	 * @return this assertion
	 */
	public SpanAssert doesNotHaveAttribute(String key) {
		isNotNull();
		String value = value(key);
		if (value != null) {
			failWithMessage("%s", "Expecting the span \"" + this.actual.getName() + "\" not to have the attribute \""
					+ key + "\", but it has " + key + "=\"" + value + "\".");
		}
		return this;
	}

	private @Nullable String value(String key) {
		return SpanAttributes.getAsString(this.actual, key);
	}

	private String attributes() {
		Map<String, String> sorted = new TreeMap<>();
		this.actual.getAttributes().forEach((key, value) -> sorted.put(key.getKey(), String.valueOf(value)));
		if (sorted.isEmpty()) {
			return "The span has no attributes.";
		}
		return "Attributes of the span:\n" + sorted.entrySet()
			.stream()
			.map((entry) -> "  " + entry.getKey() + "=\"" + entry.getValue() + "\"")
			.collect(Collectors.joining("\n"));
	}

}
