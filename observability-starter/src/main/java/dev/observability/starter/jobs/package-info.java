/**
 * Background jobs: a span, a run timer, a queue-wait timer and an outcome counter for
 * each {@code @Async} invocation, each task handed to an executor bean, each run of a
 * {@code @Scheduled} or programmatically scheduled task, and each unit of work a custom
 * worker runs through {@link dev.observability.starter.jobs.JobRunner}; trace context
 * carried from the submitting thread to the job, and a health contributor for scheduled
 * jobs that stopped succeeding.
 */
@NullMarked
package dev.observability.starter.jobs;

import org.jspecify.annotations.NullMarked;
