package dev.observability.starter.service;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags of service method observations. Declare a bean of this type to replace
 * {@link DefaultServiceObservationConvention}.
 */
public interface ServiceObservationConvention extends ObservationConvention<ServiceMethodContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ServiceMethodContext;
	}

}
