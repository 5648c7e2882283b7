package dev.observability.starter.jdbc;

import java.util.List;
import java.util.Set;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;

import dev.observability.starter.core.SpanAttributes;
import dev.observability.starter.core.SpanRole;
import dev.observability.starter.core.SpanRoleProvider;
import dev.observability.starter.jdbc.JdbcObservationDocumentation.HighCardinalityKeyNames;
import dev.observability.starter.jdbc.JdbcObservationDocumentation.LowCardinalityKeyNames;

/**
 * Declares the SQL statement span: a CLIENT span whose {@code db.system.name} is one of
 * the SQL databases this package names (so a Redis or other {@code db.*} client span is
 * not a statement even though it has a {@code db.query.text}), shown with its error type,
 * batch size and sanitized text.
 */
public final class JdbcSpanRoles implements SpanRoleProvider {

	private static final Set<String> SQL_SYSTEMS = DbSystemNames.sqlSystems();

	private static final SpanRole STATEMENT = SpanRole
		.of(SpanRole.SQL, JdbcSpanRoles::isStatement,
				List.of(LowCardinalityKeyNames.ERROR_TYPE.asString(),
						HighCardinalityKeyNames.DB_OPERATION_BATCH_SIZE.asString(),
						HighCardinalityKeyNames.DB_QUERY_TEXT.asString()))
		.withTextKey(HighCardinalityKeyNames.DB_QUERY_TEXT.asString());

	@Override
	public List<SpanRole> spanRoles() {
		return List.of(STATEMENT);
	}

	private static boolean isStatement(SpanData span) {
		return span.getKind() == SpanKind.CLIENT && SQL_SYSTEMS
			.contains(SpanAttributes.getAsString(span, LowCardinalityKeyNames.DB_SYSTEM_NAME.asString()));
	}

}
