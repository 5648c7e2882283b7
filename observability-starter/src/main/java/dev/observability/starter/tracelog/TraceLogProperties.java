package dev.observability.starter.tracelog;

import java.time.Duration;

import dev.observability.starter.core.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of the trace log, a development aid that logs each finished trace as a span
 * tree. It is off unless {@code observability.trace-log.enabled} is {@code true}.
 */
@ConfigurationProperties("observability.trace-log")
public class TraceLogProperties implements Validator {

	static final int MAX_LIMIT = 100_000;

	/**
	 * Shortest root-span duration for which a trace is logged.
	 */
	private Duration minDuration = Duration.ZERO;

	/**
	 * Most traces buffered while waiting for their root span to end; the oldest is
	 * dropped when a new trace would exceed it.
	 */
	private int maxPendingTraces = 1000;

	/**
	 * Most spans buffered for one trace; the oldest ended span is dropped when a new one
	 * would exceed it.
	 */
	private int maxSpansPerTrace = 1000;

	public Duration getMinDuration() {
		return this.minDuration;
	}

	public void setMinDuration(Duration minDuration) {
		this.minDuration = minDuration;
	}

	public int getMaxPendingTraces() {
		return this.maxPendingTraces;
	}

	public void setMaxPendingTraces(int maxPendingTraces) {
		this.maxPendingTraces = maxPendingTraces;
	}

	public int getMaxSpansPerTrace() {
		return this.maxSpansPerTrace;
	}

	public void setMaxSpansPerTrace(int maxSpansPerTrace) {
		this.maxSpansPerTrace = maxSpansPerTrace;
	}

	@Override
	public boolean supports(Class<?> type) {
		return TraceLogProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		TraceLogProperties properties = (TraceLogProperties) target;
		if (properties.getMinDuration() == null || properties.getMinDuration().isNegative()) {
			errors.rejectValue("min-duration", "range", "must be zero or positive, for example 200ms");
		}
		else {
			PropertyChecks.notTooLong(errors, "min-duration", properties.getMinDuration(), "200ms");
		}
		PropertyChecks.inRange(errors, "max-pending-traces", properties.getMaxPendingTraces(), 1, MAX_LIMIT);
		PropertyChecks.inRange(errors, "max-spans-per-trace", properties.getMaxSpansPerTrace(), 1, MAX_LIMIT);
	}

}
