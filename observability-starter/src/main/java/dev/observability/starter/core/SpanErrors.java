package dev.observability.starter.core;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/**
 * Records a failure on an OpenTelemetry span. By default only the exception's type is
 * recorded (an {@code exception} event with {@code exception.type}, and status
 * {@code ERROR} without a description): database, HTTP client and framework exceptions
 * put SQL literals, row values and URLs with tokens in their messages, and those must not
 * leave the process. With messages allowed, the SDK's full exception event (message and
 * stack trace) and the message as status description are recorded instead.
 */
public final class SpanErrors {

	/**
	 * Name of the span event that describes an exception, per OpenTelemetry.
	 */
	public static final String EXCEPTION_EVENT = "exception";

	/**
	 * Attribute of the exception event holding the exception's class name.
	 */
	public static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");

	private SpanErrors() {
	}

	/**
	 * Mark a span as failed.
	 * @param span the span
	 * @param failure what failed
	 * @param includeMessage whether the exception's message (and stack trace) may be
	 * recorded
	 */
	public static void record(Span span, Throwable failure, boolean includeMessage) {
		if (includeMessage) {
			span.recordException(failure);
			String message = failure.getMessage();
			if (message != null) {
				span.setStatus(StatusCode.ERROR, message);
			}
			else {
				span.setStatus(StatusCode.ERROR);
			}
			return;
		}
		span.addEvent(EXCEPTION_EVENT, Attributes.of(EXCEPTION_TYPE, failure.getClass().getName()));
		span.setStatus(StatusCode.ERROR);
	}

}
