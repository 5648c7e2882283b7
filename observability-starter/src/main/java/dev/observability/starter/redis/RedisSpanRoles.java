package dev.observability.starter.redis;

import java.util.List;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;

import dev.observability.starter.core.SpanAttributes;
import dev.observability.starter.core.SpanRole;
import dev.observability.starter.core.SpanRoleProvider;
import dev.observability.starter.redis.RedisObservationDocumentation.HighCardinalityKeyNames;
import dev.observability.starter.redis.RedisObservationDocumentation.LowCardinalityKeyNames;

/**
 * The role of Redis command spans in the span catalogue: CLIENT spans of
 * {@code db.system.name=redis}, rendered with their key pattern, failure and masked
 * statement.
 */
public final class RedisSpanRoles implements SpanRoleProvider {

	private static final SpanRole COMMAND = SpanRole
		.of(SpanRole.REDIS, RedisSpanRoles::isCommand,
				List.of(LowCardinalityKeyNames.DB_COLLECTION_NAME.asString(),
						LowCardinalityKeyNames.ERROR_TYPE.asString(), HighCardinalityKeyNames.DB_QUERY_TEXT.asString()))
		.withTextKey(HighCardinalityKeyNames.DB_QUERY_TEXT.asString());

	@Override
	public List<SpanRole> spanRoles() {
		return List.of(COMMAND);
	}

	private static boolean isCommand(SpanData span) {
		return span.getKind() == SpanKind.CLIENT && RedisCommandDescriptors.REDIS
			.equals(SpanAttributes.getAsString(span, LowCardinalityKeyNames.DB_SYSTEM_NAME.asString()));
	}

}
