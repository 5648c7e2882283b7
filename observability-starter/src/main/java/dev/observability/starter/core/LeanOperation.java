package dev.observability.starter.core;

import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * One operation recorded on the lean path, between its start and its end: a span started
 * on the OpenTelemetry tracer from the operation's {@link OperationDescriptor} (its
 * parent is the current OpenTelemetry context), the {@code .active} long-task timer
 * sample when the integration records one, and the start time of its timer sample. It
 * opens no scope: a leaf (a statement) stays this; an operation with children is made
 * current by {@link LeanObservation}.
 */
public final class LeanOperation {

	private OperationDescriptor descriptor;

	private final @Nullable Span span;

	private final LongTaskTimer.@Nullable Sample active;

	private final long startNanos;

	private LeanOperation(OperationDescriptor descriptor, @Nullable Span span, LongTaskTimer.@Nullable Sample active) {
		this.descriptor = descriptor;
		this.span = span;
		this.active = active;
		this.startNanos = System.nanoTime();
	}

	/**
	 * Start an operation.
	 * @param descriptor the operation's descriptor
	 * @param tracer where the span is started, or {@code null} to record no span
	 * @param meters where the meters are recorded, or {@code null} to record none
	 * @param extra attributes of this execution beyond the descriptor's (e.g. a batch
	 * size), usually {@link Attributes#empty()}
	 * @return the started operation
	 */
	public static LeanOperation start(OperationDescriptor descriptor, @Nullable Tracer tracer,
			@Nullable OperationMeters meters, Attributes extra) {
		return start(descriptor, tracer, meters, extra, null);
	}

	/**
	 * Start an operation under a given parent, for a hook that runs on another thread
	 * than the code that issued the operation (a Redis command written by the client's
	 * I/O thread).
	 * @param descriptor the operation's descriptor
	 * @param tracer where the span is started, or {@code null} to record no span
	 * @param meters where the meters are recorded, or {@code null} to record none
	 * @param extra attributes of this execution beyond the descriptor's
	 * @param parent the context holding the parent span, or {@code null} for the current
	 * context
	 * @return the started operation
	 */
	public static LeanOperation start(OperationDescriptor descriptor, @Nullable Tracer tracer,
			@Nullable OperationMeters meters, Attributes extra, @Nullable Context parent) {
		Span span = null;
		if (tracer != null) {
			SpanBuilder builder = tracer.spanBuilder(descriptor.getSpanName())
				.setSpanKind(descriptor.getSpanKind())
				.setAllAttributes(descriptor.getAttributes());
			if (parent != null) {
				builder.setParent(parent);
			}
			if (!extra.isEmpty()) {
				builder.setAllAttributes(extra);
			}
			span = builder.startSpan();
		}
		try {
			LongTaskTimer active = (meters != null) ? descriptor.activeTimer(meters) : null;
			return new LeanOperation(descriptor, span, (active != null) ? active.start() : null);
		}
		catch (RuntimeException | LinkageError ex) {
			if (span != null) {
				span.end();
			}
			throw ex;
		}
	}

	/**
	 * Describe the operation anew once it is known what it is (a job handed to an
	 * executor turns out to be an {@code @Async} method): the span takes the new name and
	 * attributes, and the end records the new descriptor's meters. Only the thread that
	 * runs the operation may call this.
	 * @param descriptor the operation's descriptor from now on
	 */
	public void describeAs(OperationDescriptor descriptor) {
		this.descriptor = descriptor;
		Span span = this.span;
		if (span != null) {
			span.updateName(descriptor.getSpanName());
			span.setAllAttributes(descriptor.getAttributes());
		}
	}

	public OperationDescriptor getDescriptor() {
		return this.descriptor;
	}

	/**
	 * The operation's span.
	 * @return the span, or {@code null} when no span is recorded
	 */
	public @Nullable Span getSpan() {
		return this.span;
	}

	/**
	 * End what {@link #start} began without recording a timer sample, when the operation
	 * is not recorded after all: the long-task sample is stopped and the span ended.
	 */
	public void abandon() {
		try {
			if (this.active != null) {
				this.active.stop();
			}
		}
		finally {
			if (this.span != null) {
				this.span.end();
			}
		}
	}

	/**
	 * End the operation with its outcome's meters: the long-task sample is stopped, the
	 * timer of the outcome records the duration, the span is marked failed (by
	 * {@link SpanErrors}) when the operation failed, and ended. The span is ended even
	 * when recording the meters fails.
	 * @param meters where the meters are recorded, or {@code null} to record none
	 * @param failure what the operation threw, or {@code null}
	 * @param errorType the failure's bounded type, or {@code null} on success
	 * @param exceptionMessages whether the exception's message may be recorded
	 */
	public void end(@Nullable OperationMeters meters, @Nullable Throwable failure, @Nullable String errorType,
			boolean exceptionMessages) {
		end(meters, null, failure, errorType, exceptionMessages);
	}

	/**
	 * End the operation, recording its duration into the timer of the given key values
	 * when an application changed them (a rare path that looks the timer up).
	 * @param meters where the meters are recorded, or {@code null} to record none
	 * @param keyValues the low-cardinality key values of the timer, or {@code null} for
	 * the descriptor's timer of the outcome
	 * @param failure what the operation threw, or {@code null}
	 * @param errorType the failure's bounded type, or {@code null} on success
	 * @param exceptionMessages whether the exception's message may be recorded
	 */
	void end(@Nullable OperationMeters meters, @Nullable KeyValues keyValues, @Nullable Throwable failure,
			@Nullable String errorType, boolean exceptionMessages) {
		long duration = System.nanoTime() - this.startNanos;
		try {
			if (this.active != null) {
				this.active.stop();
			}
			if (meters != null) {
				Timer timer = (keyValues != null) ? meters.timer(this.descriptor.getMeterName(), keyValues)
						: this.descriptor.timer(meters, errorType);
				timer.record(duration, TimeUnit.NANOSECONDS);
			}
		}
		finally {
			Span span = this.span;
			if (span != null) {
				try {
					if (failure != null && errorType != null) {
						span.setAttribute(this.descriptor.getErrorAttributeKey(), errorType);
						SpanErrors.record(span, failure, exceptionMessages);
					}
				}
				finally {
					span.end();
				}
			}
		}
	}

}
