package dev.observability.starter.jobs;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of job observations. Declare a bean of this type to replace the
 * starter's; job runs then go through the Observation API.
 */
public interface JobObservationConvention extends ObservationConvention<JobContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof JobContext;
	}

}
