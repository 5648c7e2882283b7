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
@ConfigurationProperties("observability.jdbc")
public class JdbcObservabilityProperties implements Validator {

	static final DataSize MIN_ANALYSIS_CACHE_SIZE = DataSize.ofKilobytes(64);

	static final DataSize MAX_ANALYSIS_CACHE_SIZE = DataSize.ofMegabytes(256);

	static final int MIN_QUERY_TEXT_LENGTH = 64;

	static final int MAX_QUERY_TEXT_LENGTH = 1024 * 1024;

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
		PropertyChecks.positiveDurations(errors, "histogram-buckets", properties.getHistogramBuckets());
	}

}
