package dev.observability.starter.jdbc;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import dev.observability.starter.jdbc.JdbcObservationDocumentation.HighCardinalityKeys;
import dev.observability.starter.jdbc.JdbcObservationDocumentation.LowCardinalityKeys;

/**
 * OpenTelemetry semantic-convention names for SQL statements: span
 * {@code <operation> <collection>}, timer {@code db.client.operation.duration}.
 */
public class DefaultJdbcObservationConvention implements JdbcObservationConvention {

	/**
	 * Shared instance.
	 */
	public static final DefaultJdbcObservationConvention INSTANCE = new DefaultJdbcObservationConvention();

	private static final KeyValue NO_ERROR = KeyValue.of(LowCardinalityKeys.ERROR_TYPE, KeyValue.NONE_VALUE);

	@Override
	public String getName() {
		return JdbcObservationDocumentation.STATEMENT.getName();
	}

	@Override
	public String getContextualName(JdbcContext context) {
		return context.getAnalysis().getContextualName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(JdbcContext context) {
		String errorType = context.getErrorType();
		KeyValue error = (errorType != null) ? KeyValue.of(LowCardinalityKeys.ERROR_TYPE, errorType) : NO_ERROR;
		return context.getAnalysis()
			.getLowCardinalityKeyValues()
			.and(KeyValue.of(LowCardinalityKeys.DB_SYSTEM_NAME, context.getDbSystemName()), error);
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(JdbcContext context) {
		KeyValues keyValues = KeyValues
			.of(HighCardinalityKeys.DB_QUERY_TEXT.withValue(context.getAnalysis().getSanitizedQuery()));
		if (context.getBatchSize() > 1) {
			keyValues = keyValues
				.and(HighCardinalityKeys.DB_OPERATION_BATCH_SIZE.withValue(Integer.toString(context.getBatchSize())));
		}
		return keyValues;
	}

}
