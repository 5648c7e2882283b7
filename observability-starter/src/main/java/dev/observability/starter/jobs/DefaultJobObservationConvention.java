package dev.observability.starter.jobs;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import dev.observability.starter.jobs.JobObservationDocumentation.HighCardinalityKeyNames;
import dev.observability.starter.jobs.JobObservationDocumentation.LowCardinalityKeyNames;

/**
 * The starter's names of job runs: the span is named {@code job} and the job's name, the
 * timer is {@code job.run.duration} with the job's name and kind and the failure's type.
 */
public class DefaultJobObservationConvention implements JobObservationConvention {

	@Override
	public String getName() {
		return JobObservationDocumentation.JOB_RUN.getName();
	}

	@Override
	public String getContextualName(JobContext context) {
		return JobType.spanName(context.getJobName());
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(JobContext context) {
		Throwable failure = context.getFailure();
		return KeyValues.of(KeyValue.of(LowCardinalityKeyNames.JOB_NAME, context.getJobName()),
				KeyValue.of(LowCardinalityKeyNames.JOB_KIND, context.getKind().value()),
				KeyValue.of(LowCardinalityKeyNames.ERROR_TYPE,
						(failure != null) ? JobErrors.type(failure) : KeyValue.NONE_VALUE));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(JobContext context) {
		KeyValues keyValues = KeyValues.of(
				KeyValue.of(HighCardinalityKeyNames.JOB_ATTEMPT, Integer.toString(context.getAttempt())),
				KeyValue.of(HighCardinalityKeyNames.JOB_OUTCOME, (context.getFailure() != null)
						? JobObservationDocumentation.OUTCOME_FAILURE : JobObservationDocumentation.OUTCOME_SUCCESS));
		if (context.getQueueWaitNanos() >= 0) {
			keyValues = keyValues.and(KeyValue.of(HighCardinalityKeyNames.JOB_QUEUE_WAIT,
					Long.toString(context.getQueueWaitNanos() / 1_000_000)));
		}
		if (context.getPayloadSize() >= 0) {
			keyValues = keyValues
				.and(KeyValue.of(HighCardinalityKeyNames.JOB_PAYLOAD_SIZE, Long.toString(context.getPayloadSize())));
		}
		return keyValues;
	}

}
