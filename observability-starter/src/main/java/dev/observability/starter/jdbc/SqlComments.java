package dev.observability.starter.jdbc;

import io.opentelemetry.api.trace.SpanContext;
import org.jspecify.annotations.Nullable;

/**
 * Comments in the sqlcommenter format that carry the W3C trace context to the database,
 * e.g.
 * {@code  /*traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'*&#47;}.
 * A trace and span id are hexadecimal, so the value needs no escaping. The comment is
 * only ever added to the text sent to the driver; the starter analyses and reports the
 * application's own text.
 */
final class SqlComments {

	private SqlComments() {
	}

	/**
	 * The comment for a span.
	 * @param span the current span's context
	 * @return the comment with a leading space, or {@code null} when the span is invalid
	 */
	static @Nullable String traceparent(SpanContext span) {
		if (!span.isValid()) {
			return null;
		}
		return " /*traceparent='00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex()
				+ "'*/";
	}

	/**
	 * The arguments of a JDBC call whose first argument is SQL, with the comment appended
	 * to it.
	 * @param args the call's arguments
	 * @param comment the comment, or {@code null}
	 * @return {@code args} itself when there is no comment, otherwise a copy
	 */
	static @Nullable Object[] withComment(@Nullable Object[] args, @Nullable String comment) {
		if (comment == null || args == null || args.length == 0 || !(args[0] instanceof String sql)) {
			return args;
		}
		Object[] commented = args.clone();
		commented[0] = sql + comment;
		return commented;
	}

}
