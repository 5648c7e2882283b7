package dev.observability.starter.jdbc;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import dev.observability.starter.jdbc.JdbcObservationDocumentation.HighCardinalityKeyNames;
import dev.observability.starter.jdbc.JdbcObservationDocumentation.LowCardinalityKeyNames;

/**
 * OpenTelemetry semantic-convention names for SQL statements: span
 * {@code <operation> <collection>}, timer {@code db.client.operation.duration}.
 */
public class DefaultJdbcObservationConvention implements JdbcObservationConvention {

	/**
	 * Shared instance.
	 */
	public static final DefaultJdbcObservationConvention INSTANCE = new DefaultJdbcObservationConvention();

	private static final KeyValue NO_ERROR = KeyValue.of(LowCardinalityKeyNames.ERROR_TYPE, KeyValue.NONE_VALUE);

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
		if (errorType == null) {
			return context.getAnalysis().successKeyValues(context.getDbSystemName(), NO_ERROR);
		}
		return context.getAnalysis()
			.getLowCardinalityKeyValues()
			.and(KeyValue.of(LowCardinalityKeyNames.DB_SYSTEM_NAME, context.getDbSystemName()),
					KeyValue.of(LowCardinalityKeyNames.ERROR_TYPE, errorType));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(JdbcContext context) {
		KeyValues keyValues = context.getAnalysis().getHighCardinalityKeyValues();
		if (context.getBatchSize() > 1) {
			return keyValues.and(HighCardinalityKeyNames.DB_OPERATION_BATCH_SIZE
				.withValue(Integer.toString(context.getBatchSize())));
		}
		return keyValues;
	}

}
