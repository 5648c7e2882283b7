package dev.observability.starter.jdbc;

import io.micrometer.common.KeyValues;

import dev.observability.starter.jdbc.JdbcObservationDocumentation.HighCardinalityKeyNames;

/**
 * OpenTelemetry semantic-convention names for SQL statements: span
 * {@code <operation> <collection>}, timer {@code db.client.operation.duration}. Names and
 * key values come from the statement's {@link JdbcContext#getDescriptor() descriptor},
 * the same the lean path records, so both paths report identical telemetry.
 */
public class DefaultJdbcObservationConvention implements JdbcObservationConvention {

	/**
	 * Shared instance.
	 */
	public static final DefaultJdbcObservationConvention INSTANCE = new DefaultJdbcObservationConvention();

	@Override
	public String getName() {
		return JdbcObservationDocumentation.STATEMENT.getName();
	}

	@Override
	public String getContextualName(JdbcContext context) {
		return context.getDescriptor().getSpanName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(JdbcContext context) {
		return context.getDescriptor().getLowCardinalityKeyValues(context.getErrorType());
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(JdbcContext context) {
		KeyValues keyValues = context.getDescriptor().getHighCardinalityKeyValues();
		if (context.getBatchSize() > 1) {
			keyValues = keyValues.and(HighCardinalityKeyNames.DB_OPERATION_BATCH_SIZE
				.withValue(Integer.toString(context.getBatchSize())));
		}
		if (context.getAssociation() != null) {
			keyValues = keyValues.and(HighCardinalityKeyNames.ORM_ASSOCIATION.withValue(context.getAssociation()));
		}
		return keyValues;
	}

}
