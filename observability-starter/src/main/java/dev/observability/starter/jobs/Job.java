package dev.observability.starter.jobs;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Describes one unit of work a custom worker or queue consumer runs through
 * {@link JobRunner}: its name, and what the message it came from says about it.
 * Immutable; each method returns a new description.
 *
 * <pre class="code">
 * Job job = Job.named("send-push")
 *     .parentFrom(message.headers())   // W3C traceparent / tracestate
 *     .attempt(message.deliveryCount())
 *     .payloadSize(message.body().length);
 * </pre>
 */
public final class Job {

	private final String name;

	private final @Nullable Map<String, String> headers;

	private final int attempt;

	private final long payloadSize;

	private final long enqueuedAtMillis;

	private Job(String name, @Nullable Map<String, String> headers, int attempt, long payloadSize,
			long enqueuedAtMillis) {
		this.name = name;
		this.headers = headers;
		this.attempt = attempt;
		this.payloadSize = payloadSize;
		this.enqueuedAtMillis = enqueuedAtMillis;
	}

	/**
	 * Describe a job by its name. The name is a metric tag: make it the kind of work
	 * ({@code send-push}), never something that differs per message (an id).
	 * @param name the job's name
	 * @return the description
	 */
	public static Job named(String name) {
		Assert.hasText(name, "A job's name must not be empty");
		return new Job(name, null, 1, -1, -1);
	}

	/**
	 * Take the job's parent span from the headers of the message it came from, as another
	 * service wrote them: a W3C {@code traceparent} (and {@code tracestate}). The job's
	 * span is then a {@code CONSUMER} span in the sender's trace; headers without a valid
	 * {@code traceparent} start a new trace.
	 * @param headers the message's headers; names are matched ignoring case
	 * @return the description
	 */
	public Job parentFrom(Map<String, String> headers) {
		Assert.notNull(headers, "Headers must not be null");
		return new Job(this.name, headers, this.attempt, this.payloadSize, this.enqueuedAtMillis);
	}

	/**
	 * Take the job's parent span from a W3C {@code traceparent} value.
	 * @param traceparent the value, e.g. {@code 00-<trace id>-<span id>-01}
	 * @return the description
	 * @see #parentFrom(Map)
	 */
	public Job traceparent(String traceparent) {
		Assert.notNull(traceparent, "traceparent must not be null");
		return parentFrom(Map.of("traceparent", traceparent));
	}

	/**
	 * Which delivery of the message this is, from 1 (a redelivery after a failure is 2).
	 * @param attempt the attempt
	 * @return the description
	 */
	public Job attempt(int attempt) {
		Assert.isTrue(attempt >= 1, "A job's attempt must be 1 or more");
		return new Job(this.name, this.headers, attempt, this.payloadSize, this.enqueuedAtMillis);
	}

	/**
	 * Size of the message the job processes.
	 * @param bytes the size in bytes
	 * @return the description
	 */
	public Job payloadSize(long bytes) {
		Assert.isTrue(bytes >= 0, "A payload size must not be negative");
		return new Job(this.name, this.headers, this.attempt, bytes, this.enqueuedAtMillis);
	}

	/**
	 * When the message was enqueued, in milliseconds since the epoch (e.g. a broker's
	 * timestamp): the job's queue wait is the time from then until it starts.
	 * @param epochMillis the time
	 * @return the description
	 */
	public Job enqueuedAt(long epochMillis) {
		Assert.isTrue(epochMillis > 0, "An enqueue time must be a positive number of milliseconds since the epoch");
		return new Job(this.name, this.headers, this.attempt, this.payloadSize, epochMillis);
	}

	String getName() {
		return this.name;
	}

	@Nullable Map<String, String> getHeaders() {
		return this.headers;
	}

	int getAttempt() {
		return this.attempt;
	}

	long getPayloadSize() {
		return this.payloadSize;
	}

	long getEnqueuedAtMillis() {
		return this.enqueuedAtMillis;
	}

	@Override
	public String toString() {
		return "Job[" + this.name + ", attempt " + this.attempt + "]";
	}

}
