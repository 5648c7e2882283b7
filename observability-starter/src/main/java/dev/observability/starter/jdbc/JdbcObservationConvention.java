package dev.observability.starter.jdbc;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags SQL statement observations. Declare a bean of this type (usually
 * extending {@link DefaultJdbcObservationConvention}) to change them.
 */
public interface JdbcObservationConvention extends ObservationConvention<JdbcContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof JdbcContext;
	}

}
