package dev.observability.starter.jobs;

import java.util.List;

import io.opentelemetry.sdk.trace.data.SpanData;

import dev.observability.starter.core.SpanAttributes;
import dev.observability.starter.core.SpanRole;
import dev.observability.starter.core.SpanRoleProvider;
import dev.observability.starter.jobs.JobObservationDocumentation.HighCardinalityKeyNames;
import dev.observability.starter.jobs.JobObservationDocumentation.LowCardinalityKeyNames;

/**
 * Declares the job span: a span with a {@code job.name}, shown with its kind, queue wait,
 * attempt and error type.
 */
public final class JobSpanRoles implements SpanRoleProvider {

	private static final SpanRole JOB_RUN = SpanRole.of(SpanRole.JOB, JobSpanRoles::isJobRun,
			List.of(LowCardinalityKeyNames.JOB_KIND.asString(), HighCardinalityKeyNames.JOB_QUEUE_WAIT.asString(),
					HighCardinalityKeyNames.JOB_ATTEMPT.asString(), LowCardinalityKeyNames.ERROR_TYPE.asString()));

	@Override
	public List<SpanRole> spanRoles() {
		return List.of(JOB_RUN);
	}

	private static boolean isJobRun(SpanData span) {
		return SpanAttributes.get(span, LowCardinalityKeyNames.JOB_NAME.asString()) != null;
	}

}
