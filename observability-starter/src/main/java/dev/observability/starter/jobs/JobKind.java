package dev.observability.starter.jobs;

/**
 * How a job was started, the value of {@code job.kind}.
 */
public enum JobKind {

	/**
	 * An invocation of an {@code @Async} method.
	 */
	ASYNC("async"),

	/**
	 * A task handed to an executor bean ({@code execute}, {@code submit},
	 * {@code CompletableFuture.*Async} on it).
	 */
	EXECUTOR("executor"),

	/**
	 * One run of a {@code @Scheduled} method or of a task given to a
	 * {@code TaskScheduler} or {@code ScheduledTaskRegistrar}; each run is a trace of its
	 * own.
	 */
	SCHEDULED("scheduled"),

	/**
	 * A unit of work a custom worker or queue consumer runs through {@link JobRunner}.
	 */
	WORKER("worker");

	private final String value;

	JobKind(String value) {
		this.value = value;
	}

	/**
	 * The value of the {@code job.kind} key.
	 * @return the value
	 */
	public String value() {
		return this.value;
	}

}
