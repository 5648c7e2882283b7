package dev.observability.starter.jdbc;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.OperationDescriptor;

/**
 * What the JDBC hook knows about one statement (or batch) when it is observed through the
 * Observation API. A statement is an outgoing call to the database, so this is a
 * {@link SenderContext} of kind {@link Kind#CLIENT}: its span is a CLIENT span, as
 * OpenTelemetry's database conventions ask. Nothing is propagated to the database.
 */
public class JdbcContext extends SenderContext<Object> {

	private static final Object NO_CARRIER = new Object();

	private final String dataSourceName;

	private final String dbSystemName;

	private final SqlAnalysis analysis;

	private final OperationDescriptor descriptor;

	private final int batchSize;

	private @Nullable String errorType;

	private @Nullable String association;

	/**
	 * Create a context.
	 * @param dataSourceName name of the DataSource bean that ran the statement
	 * @param dbSystemName OpenTelemetry name of the database product
	 * @param analysis analysis of the statement's SQL
	 * @param descriptor names, keys and meters of the statement on this database
	 * @param batchSize number of statements in the batch, or {@code 0} when the statement
	 * is not a batch
	 */
	public JdbcContext(String dataSourceName, String dbSystemName, SqlAnalysis analysis, OperationDescriptor descriptor,
			int batchSize) {
		super((carrier, key, value) -> {
		}, Kind.CLIENT);
		setCarrier(NO_CARRIER);
		this.dataSourceName = dataSourceName;
		this.dbSystemName = dbSystemName;
		this.analysis = analysis;
		this.descriptor = descriptor;
		this.batchSize = batchSize;
	}

	public String getDataSourceName() {
		return this.dataSourceName;
	}

	public String getDbSystemName() {
		return this.dbSystemName;
	}

	public SqlAnalysis getAnalysis() {
		return this.analysis;
	}

	/**
	 * Span name and bounded key values of the statement on this database, computed once
	 * per statement shape.
	 * @return the descriptor
	 */
	public OperationDescriptor getDescriptor() {
		return this.descriptor;
	}

	/**
	 * Number of statements in the batch.
	 * @return the batch size, or {@code 0} when the statement is not a batch
	 */
	public int getBatchSize() {
		return this.batchSize;
	}

	/**
	 * Bounded class of the failure, set when the statement failed.
	 * @return the error type, or {@code null} on success
	 * @see SqlErrorClassifier
	 */
	public @Nullable String getErrorType() {
		return this.errorType;
	}

	public void setErrorType(@Nullable String errorType) {
		this.errorType = errorType;
	}

	/**
	 * Association or entity whose loading ran the statement, when an ORM integration said
	 * so.
	 * @return the association, e.g. {@code Residence.tasks}, or {@code null}
	 * @see dev.observability.starter.core.FetchContext
	 */
	public @Nullable String getAssociation() {
		return this.association;
	}

	public void setAssociation(@Nullable String association) {
		this.association = association;
	}

}
