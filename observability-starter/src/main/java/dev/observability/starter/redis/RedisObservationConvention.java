package dev.observability.starter.redis;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of Redis command observations. Declaring a bean of this type sends
 * every command through the Observation API with it.
 */
public interface RedisObservationConvention extends ObservationConvention<RedisCommandContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof RedisCommandContext;
	}

}
