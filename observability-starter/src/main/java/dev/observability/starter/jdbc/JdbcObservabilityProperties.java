package dev.observability.starter.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.observability.starter.core.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of the SQL statement observations.
 */
@ConfigurationProperties("observability.jdbc")
public class JdbcObservabilityProperties implements Validator {

	static final int DEFAULT_ANALYSIS_CACHE_SIZE = 1000;

	static final int MAX_ANALYSIS_CACHE_SIZE = 1_000_000;

	/**
	 * Upper bounds of the buckets of the db.client.operation.duration histogram.
	 */
	private List<Duration> histogramBuckets = new ArrayList<>(List.of(Duration.ofMillis(1), Duration.ofMillis(5),
			Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500),
			Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10)));

	/**
	 * Maximum number of distinct SQL texts whose analysis (operation, table, sanitized
	 * text) is kept in memory.
	 */
	private int analysisCacheSize = DEFAULT_ANALYSIS_CACHE_SIZE;

	public List<Duration> getHistogramBuckets() {
		return this.histogramBuckets;
	}

	public void setHistogramBuckets(List<Duration> histogramBuckets) {
		this.histogramBuckets = histogramBuckets;
	}

	public int getAnalysisCacheSize() {
		return this.analysisCacheSize;
	}

	public void setAnalysisCacheSize(int analysisCacheSize) {
		this.analysisCacheSize = analysisCacheSize;
	}

	@Override
	public boolean supports(Class<?> type) {
		return JdbcObservabilityProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		JdbcObservabilityProperties properties = (JdbcObservabilityProperties) target;
		PropertyChecks.inRange(errors, "analysis-cache-size", properties.getAnalysisCacheSize(), 1,
				MAX_ANALYSIS_CACHE_SIZE);
		PropertyChecks.positiveDurations(errors, "histogram-buckets", properties.getHistogramBuckets());
	}

}
