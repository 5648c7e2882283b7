package dev.observability.starter.core;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * One kind of span an integration produces, such as an HTTP request or a SQL statement,
 * as it looks once exported: a stable id, a test that recognises the span from its kind
 * and attributes, and the attributes worth showing beside its name. Integrations declare
 * their roles through a {@link SpanRoleProvider}; consumers read them from the
 * {@link SpanCatalogue}.
 */
public final class SpanRole {

	/**
	 * Id of the role of an HTTP server request span.
	 */
	public static final String HTTP = "http";

	/**
	 * Id of the role of a span around a call to an application service method.
	 */
	public static final String SERVICE = "service";

	/**
	 * Id of the role of a span for one SQL statement or batch.
	 */
	public static final String SQL = "sql";

	/**
	 * Id of the role of a span for one Redis command.
	 */
	public static final String REDIS = "redis";

	/**
	 * Id of the role of a span for one run of a background job.
	 */
	public static final String JOB = "job";

	private final String id;

	private final Predicate<SpanData> recogniser;

	private final List<String> renderedKeys;

	private final @Nullable String textKey;

	private SpanRole(String id, Predicate<SpanData> recogniser, List<String> renderedKeys, @Nullable String textKey) {
		this.id = id;
		this.recogniser = recogniser;
		this.renderedKeys = renderedKeys;
		this.textKey = textKey;
	}

	/**
	 * Create a role without an operation text.
	 * @param id stable id of the role, for example {@link #SQL}
	 * @param recogniser test that is true for the role's spans and false for any other
	 * integration's spans
	 * @param renderedKeys names of the attributes to show beside the span's name, in
	 * order
	 * @return the role
	 */
	public static SpanRole of(String id, Predicate<SpanData> recogniser, List<String> renderedKeys) {
		return new SpanRole(requireText(id), Objects.requireNonNull(recogniser, "recogniser"),
				List.copyOf(renderedKeys), null);
	}

	/**
	 * Copy of this role whose spans carry their operation's text (a sanitized statement
	 * or command) in the given attribute.
	 * @param key name of the attribute holding the text
	 * @return the new role
	 */
	public SpanRole withTextKey(String key) {
		return new SpanRole(this.id, this.recogniser, this.renderedKeys, requireText(key));
	}

	/**
	 * Stable id of this role, for example {@code http}, {@code service} or {@code sql}.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Whether a span belongs to this role.
	 * @param span an exported span
	 * @return whether the role's recogniser accepts it
	 */
	public boolean matches(SpanData span) {
		return this.recogniser.test(span);
	}

	/**
	 * Names of the attributes worth showing beside a span of this role, in display order;
	 * values may be of any attribute type.
	 * @return the attribute names
	 */
	public List<String> renderedKeys() {
		return this.renderedKeys;
	}

	/**
	 * Name of the attribute holding the text of the span's operation, such as the
	 * sanitized SQL of a statement.
	 * @return the attribute name, or {@code null} when the role has no operation text
	 */
	public @Nullable String textKey() {
		return this.textKey;
	}

	@Override
	public String toString() {
		return "SpanRole " + this.id + " " + this.renderedKeys;
	}

	private static String requireText(String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("must not be blank");
		}
		return value;
	}

}
