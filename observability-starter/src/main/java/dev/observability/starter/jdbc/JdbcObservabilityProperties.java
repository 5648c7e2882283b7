package dev.observability.starter.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.observability.starter.core.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of the SQL statement observations.
 */
@ConfigurationProperties(JdbcObservabilityProperties.PREFIX)
public class JdbcObservabilityProperties implements Validator {

	/**
	 * Prefix of these properties.
	 */
	public static final String PREFIX = "observability.jdbc";

	static final DataSize MIN_ANALYSIS_CACHE_SIZE = DataSize.ofKilobytes(64);

	static final DataSize MAX_ANALYSIS_CACHE_SIZE = DataSize.ofMegabytes(256);

	static final int MIN_QUERY_TEXT_LENGTH = 64;

	static final int MAX_QUERY_TEXT_LENGTH = 1024 * 1024;

	static final int MAX_COLLECTION_NAMES = 100_000;

	/**
	 * Upper bounds of the buckets of the db.client.operation.duration histogram.
	 */
	private List<Duration> histogramBuckets = new ArrayList<>(List.of(Duration.ofMillis(1), Duration.ofMillis(5),
			Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500),
			Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10)));

	/**
	 * Approximate heap memory for cached SQL analyses (operation, table, sanitized text),
	 * half for statement texts and half for their shapes.
	 */
	private DataSize analysisCacheSize = SqlAnalyzer.DEFAULT_CACHE_SIZE;

	/**
	 * Longest db.query.text in characters; longer sanitized text is cut and ends with a
	 * truncation marker.
	 */
	private int maxQueryTextLength = SqlAnalyzer.DEFAULT_MAX_QUERY_TEXT_LENGTH;

	/**
	 * Maximum number of distinct table names reported in db.collection.name (and span
	 * names); further tables are reported as _OTHER and counted in
	 * observability.cardinality.overflows.
	 */
	private int maxCollectionNames = 200;

	/**
	 * Whether a db.client.operation.duration.active long-task timer counts the statements
	 * in progress. It doubles the series and costs on every statement.
	 */
	private boolean longTaskTimer;

	/**
	 * Whether statements may be recorded on the lean path (spans straight on the
	 * OpenTelemetry tracer, cached meters) when nothing customises their observation.
	 * When false, every statement goes through the Observation API.
	 */
	private boolean leanPath = true;

	public List<Duration> getHistogramBuckets() {
		return this.histogramBuckets;
	}

	public void setHistogramBuckets(List<Duration> histogramBuckets) {
		this.histogramBuckets = histogramBuckets;
	}

	public DataSize getAnalysisCacheSize() {
		return this.analysisCacheSize;
	}

	public void setAnalysisCacheSize(DataSize analysisCacheSize) {
		this.analysisCacheSize = analysisCacheSize;
	}

	public int getMaxCollectionNames() {
		return this.maxCollectionNames;
	}

	public void setMaxCollectionNames(int maxCollectionNames) {
		this.maxCollectionNames = maxCollectionNames;
	}

	public boolean isLongTaskTimer() {
		return this.longTaskTimer;
	}

	public void setLongTaskTimer(boolean longTaskTimer) {
		this.longTaskTimer = longTaskTimer;
	}

	public boolean isLeanPath() {
		return this.leanPath;
	}

	public void setLeanPath(boolean leanPath) {
		this.leanPath = leanPath;
	}

	public int getMaxQueryTextLength() {
		return this.maxQueryTextLength;
	}

	public void setMaxQueryTextLength(int maxQueryTextLength) {
		this.maxQueryTextLength = maxQueryTextLength;
	}

	@Override
	public boolean supports(Class<?> type) {
		return JdbcObservabilityProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		JdbcObservabilityProperties properties = (JdbcObservabilityProperties) target;
		DataSize cacheSize = properties.getAnalysisCacheSize();
		if (cacheSize == null || cacheSize.compareTo(MIN_ANALYSIS_CACHE_SIZE) < 0
				|| cacheSize.compareTo(MAX_ANALYSIS_CACHE_SIZE) > 0) {
			errors.rejectValue("analysis-cache-size", "range", "must be a size between 64KB and 256MB");
		}
		PropertyChecks.inRange(errors, "max-query-text-length", properties.getMaxQueryTextLength(),
				MIN_QUERY_TEXT_LENGTH, MAX_QUERY_TEXT_LENGTH);
		PropertyChecks.inRange(errors, "max-collection-names", properties.getMaxCollectionNames(), 1,
				MAX_COLLECTION_NAMES);
		PropertyChecks.positiveDurations(errors, "histogram-buckets", properties.getHistogramBuckets());
	}

}
