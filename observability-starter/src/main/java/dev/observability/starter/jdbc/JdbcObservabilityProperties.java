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

	static final int MAX_FINDING_THRESHOLD = 100_000;

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

	/**
	 * Whether statements that run with no current span (startup DDL, schema.sql and
	 * data.sql, work nothing traces) are exported as traces of their own. They are always
	 * recorded in db.client.operation.duration.
	 */
	private boolean rootSpans;

	/**
	 * Whether each statement sent to the database ends with a comment carrying the W3C
	 * trace context of the current span (sqlcommenter format), so that database logs and
	 * pg_stat_activity can be joined to traces. Every statement text becomes unique to
	 * its trace, which defeats statement caches of the driver and the database.
	 */
	private boolean sqlComment;

	private final Findings findings = new Findings();

	private final SlowQuery slowQuery = new SlowQuery();

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

	public boolean isRootSpans() {
		return this.rootSpans;
	}

	public void setRootSpans(boolean rootSpans) {
		this.rootSpans = rootSpans;
	}

	public boolean isSqlComment() {
		return this.sqlComment;
	}

	public void setSqlComment(boolean sqlComment) {
		this.sqlComment = sqlComment;
	}

	public Findings getFindings() {
		return this.findings;
	}

	public SlowQuery getSlowQuery() {
		return this.slowQuery;
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
		Findings findings = properties.getFindings();
		PropertyChecks.inRange(errors, "findings.threshold", findings.getThreshold(), 2, MAX_FINDING_THRESHOLD);
		PropertyChecks.regularExpressions(errors, "findings.excluded-statements", findings.getExcludedStatements());
		PropertyChecks.positiveDuration(errors, "findings.log-cooldown", findings.getLogCooldown(), "1m");
		PropertyChecks.inRange(errors, "findings.max-unit-names", findings.getMaxUnitNames(), 1, MAX_COLLECTION_NAMES);
		PropertyChecks.positiveDuration(errors, "slow-query.threshold", properties.getSlowQuery().getThreshold(), "1s");
		PropertyChecks.positiveDuration(errors, "slow-query.log-cooldown", properties.getSlowQuery().getLogCooldown(),
				"1m");
	}

	/**
	 * Detection of N+1 and repeated queries in each unit of work (an HTTP request, a job
	 * run, a test method).
	 */
	public static class Findings {

		/**
		 * Whether N+1 and repeated queries are detected, logged, counted and added to the
		 * span of their unit of work.
		 */
		private boolean enabled = true;

		/**
		 * Executions of one statement in one unit of work from which it is reported: with
		 * that many different bind values as an N+1, with that many identical ones as a
		 * repeated query.
		 */
		private int threshold = 5;

		/**
		 * Regular expressions; a statement whose sanitized text contains a match is never
		 * reported.
		 */
		private List<String> excludedStatements = new ArrayList<>();

		/**
		 * Ant-style patterns of unit names (HTTP route templates such as /api/reports/**,
		 * job names) whose statements are never reported.
		 */
		private List<String> excludedRoutes = new ArrayList<>();

		/**
		 * How long the same finding (unit, kind and statement) stays out of the log after
		 * it was logged; it is still counted and added to spans.
		 */
		private Duration logCooldown = Duration.ofMinutes(1);

		/**
		 * Maximum number of distinct unit names in the unit.name tag of
		 * observability.db.query.findings; further names are reported as _OTHER.
		 */
		private int maxUnitNames = 200;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getThreshold() {
			return this.threshold;
		}

		public void setThreshold(int threshold) {
			this.threshold = threshold;
		}

		public List<String> getExcludedStatements() {
			return this.excludedStatements;
		}

		public void setExcludedStatements(List<String> excludedStatements) {
			this.excludedStatements = excludedStatements;
		}

		public List<String> getExcludedRoutes() {
			return this.excludedRoutes;
		}

		public void setExcludedRoutes(List<String> excludedRoutes) {
			this.excludedRoutes = excludedRoutes;
		}

		public Duration getLogCooldown() {
			return this.logCooldown;
		}

		public void setLogCooldown(Duration logCooldown) {
			this.logCooldown = logCooldown;
		}

		public int getMaxUnitNames() {
			return this.maxUnitNames;
		}

		public void setMaxUnitNames(int maxUnitNames) {
			this.maxUnitNames = maxUnitNames;
		}

	}

	/**
	 * Reporting of statements slower than a threshold.
	 */
	public static class SlowQuery {

		/**
		 * Whether statements slower than the threshold are logged and counted in
		 * observability.db.slow.queries.
		 */
		private boolean enabled = true;

		/**
		 * Duration from which a statement is slow.
		 */
		private Duration threshold = Duration.ofSeconds(1);

		/**
		 * How long a slow statement of the same shape stays out of the log after one was
		 * logged; it is still counted.
		 */
		private Duration logCooldown = Duration.ofMinutes(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getThreshold() {
			return this.threshold;
		}

		public void setThreshold(Duration threshold) {
			this.threshold = threshold;
		}

		public Duration getLogCooldown() {
			return this.logCooldown;
		}

		public void setLogCooldown(Duration logCooldown) {
			this.logCooldown = logCooldown;
		}

	}

}
