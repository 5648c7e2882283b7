package dev.observability.starter.redis;

import io.micrometer.common.KeyValues;

import dev.observability.starter.redis.RedisObservationDocumentation.HighCardinalityKeyNames;

/**
 * The starter's Redis convention: the command's descriptor decides names and key values,
 * exactly as on the lean path.
 */
public class DefaultRedisObservationConvention implements RedisObservationConvention {

	/**
	 * The shared instance.
	 */
	public static final DefaultRedisObservationConvention INSTANCE = new DefaultRedisObservationConvention();

	@Override
	public String getName() {
		return RedisObservationDocumentation.COMMAND.getName();
	}

	@Override
	public String getContextualName(RedisCommandContext context) {
		return context.getDescriptor().getSpanName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(RedisCommandContext context) {
		return context.getDescriptor().getLowCardinalityKeyValues(context.getErrorType());
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(RedisCommandContext context) {
		KeyValues keyValues = context.getDescriptor().getHighCardinalityKeyValues();
		String statement = context.getStatement();
		return (statement != null) ? keyValues.and(HighCardinalityKeyNames.DB_QUERY_TEXT.withValue(statement))
				: keyValues;
	}

}
