package dev.observability.starter.jobs;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.ConsumerContext;

/**
 * What the job hook knows about one run of a job, for the job observation's convention.
 */
public class JobContext extends Observation.Context implements ConsumerContext {

	private String jobName;

	private JobKind kind;

	private boolean consumer;

	private int attempt;

	private final long queueWaitNanos;

	private final long payloadSize;

	/**
	 * Create a context.
	 * @param jobName the job's name
	 * @param kind how the job was started
	 * @param attempt which attempt the run is, from 1
	 * @param queueWaitNanos nanoseconds the job waited before it started, or {@code -1}
	 * when not known
	 * @param payloadSize size in bytes of the job's message, or {@code -1} when not known
	 */
	public JobContext(String jobName, JobKind kind, int attempt, long queueWaitNanos, long payloadSize) {
		this.jobName = jobName;
		this.kind = kind;
		this.attempt = attempt;
		this.queueWaitNanos = queueWaitNanos;
		this.payloadSize = payloadSize;
	}

	public String getJobName() {
		return this.jobName;
	}

	void setJobName(String jobName) {
		this.jobName = jobName;
	}

	public JobKind getKind() {
		return this.kind;
	}

	void setKind(JobKind kind) {
		this.kind = kind;
	}

	/**
	 * Whether the job processes a message from another service, whose span is then a
	 * {@code CONSUMER} span.
	 * @return {@code true} for a message's job
	 */
	@Override
	public boolean isConsumer() {
		return this.consumer;
	}

	void setConsumer(boolean consumer) {
		this.consumer = consumer;
	}

	/**
	 * Which attempt the run is, from 1; once the run ended, its last attempt.
	 * @return the attempt
	 */
	public int getAttempt() {
		return this.attempt;
	}

	void setAttempt(int attempt) {
		this.attempt = attempt;
	}

	/**
	 * Nanoseconds the job waited between its submission and its start.
	 * @return the wait, or {@code -1} when not known (a scheduled run)
	 */
	public long getQueueWaitNanos() {
		return this.queueWaitNanos;
	}

	/**
	 * Size in bytes of the message the job processes.
	 * @return the size, or {@code -1} when not known
	 */
	public long getPayloadSize() {
		return this.payloadSize;
	}

	/**
	 * What the run threw, as the convention sees it.
	 * @return the failure, or {@code null}
	 */
	public @Nullable Throwable getFailure() {
		return getError();
	}

}
