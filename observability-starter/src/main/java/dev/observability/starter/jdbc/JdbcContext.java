package dev.observability.starter.jdbc;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What the JDBC hook knows about one statement (or batch) when it is observed.
 */
public class JdbcContext extends Observation.Context {

	private final String dataSourceName;

	private final String dbSystemName;

	private final SqlAnalysis analysis;

	private final int batchSize;

	private @Nullable String errorType;

	private long startNanos;

	private LongTaskTimer.@Nullable Sample activeSample;

	/**
	 * Create a context.
	 * @param dataSourceName name of the DataSource bean that ran the statement
	 * @param dbSystemName OpenTelemetry name of the database product
	 * @param analysis analysis of the statement's SQL
	 * @param batchSize number of statements in the batch, or {@code 0} when the statement
	 * is not a batch
	 */
	public JdbcContext(String dataSourceName, String dbSystemName, SqlAnalysis analysis, int batchSize) {
		this.dataSourceName = dataSourceName;
		this.dbSystemName = dbSystemName;
		this.analysis = analysis;
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

	long getStartNanos() {
		return this.startNanos;
	}

	void setStartNanos(long startNanos) {
		this.startNanos = startNanos;
	}

	LongTaskTimer.@Nullable Sample getActiveSample() {
		return this.activeSample;
	}

	void setActiveSample(LongTaskTimer.Sample activeSample) {
		this.activeSample = activeSample;
	}

}
