package dev.observability.starter.jdbc;

import java.util.function.BiFunction;

import io.micrometer.common.KeyValue;
import io.opentelemetry.api.trace.SpanKind;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.CardinalityGuard;
import dev.observability.starter.core.OperationDescriptor;
import dev.observability.starter.jdbc.JdbcObservationDocumentation.HighCardinalityKeyNames;
import dev.observability.starter.jdbc.JdbcObservationDocumentation.LowCardinalityKeyNames;

/**
 * Makes the {@link OperationDescriptor} of a statement shape on one database, once per
 * analysis: span {@code <operation> <collection>} of kind CLIENT, the bounded key values
 * and the sanitized text. Table names come from the application's SQL, so they pass a
 * {@link CardinalityGuard}: past the limit a new table is reported as
 * {@value CardinalityGuard#OVERFLOW}, in the span name too.
 */
final class StatementDescriptors {

	private final CardinalityGuard collections;

	/** {@link #create}, bound once so that a cached descriptor costs no allocation. */
	private final BiFunction<SqlAnalysis, DatabaseTarget, OperationDescriptor> factory = this::create;

	StatementDescriptors(CardinalityGuard collections) {
		this.collections = collections;
	}

	OperationDescriptor of(SqlAnalysis analysis, DatabaseTarget target) {
		return analysis.descriptor(target, this.factory);
	}

	private OperationDescriptor create(SqlAnalysis analysis, DatabaseTarget target) {
		String operation = analysis.getOperation();
		String collection = guarded(analysis.getCollection());
		String spanName = (collection != null) ? operation + " " + collection : operation;
		OperationDescriptor.Builder builder = OperationDescriptor
			.builder(JdbcObservationDocumentation.STATEMENT.getName(), spanName, SpanKind.CLIENT,
					LowCardinalityKeyNames.ERROR_TYPE.asString())
			.lowCardinality(LowCardinalityKeyNames.DB_SYSTEM_NAME.asString(), target.systemName())
			.lowCardinality(LowCardinalityKeyNames.DB_NAMESPACE.asString(),
					(target.namespace() != null) ? target.namespace() : KeyValue.NONE_VALUE)
			.lowCardinality(LowCardinalityKeyNames.DB_OPERATION_NAME.asString(), operation)
			.lowCardinality(LowCardinalityKeyNames.DB_COLLECTION_NAME.asString(),
					(collection != null) ? collection : KeyValue.NONE_VALUE)
			.highCardinality(HighCardinalityKeyNames.DB_QUERY_TEXT.asString(), analysis.getSanitizedQuery());
		if (target.poolName() != null) {
			builder.highCardinality(HighCardinalityKeyNames.DB_CLIENT_CONNECTION_POOL_NAME.asString(),
					target.poolName());
		}
		return builder.build();
	}

	private @Nullable String guarded(@Nullable String collection) {
		return (collection != null) ? this.collections.admit(collection) : null;
	}

}
