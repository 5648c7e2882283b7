package dev.observability.starter.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.observability.starter.core.PropertyChecks;

/**
 * Settings of the Redis command observations.
 */
@ConfigurationProperties(RedisObservabilityProperties.PREFIX)
public class RedisObservabilityProperties implements Validator {

	/**
	 * Prefix of these properties.
	 */
	public static final String PREFIX = "observability.redis";

	static final int MAX_KEY_PATTERNS = 100;

	/**
	 * Key patterns reported in db.collection.name of Redis commands, tried in order
	 * against the command's first key: literal text with * (any run of characters) and ?
	 * (one character), e.g. session:*,residence-ids:*. Keys that match none are reported
	 * as _OTHER, so the number of series stays bounded by the number of patterns.
	 */
	private List<String> keyPatterns = new ArrayList<>();

	/**
	 * Upper bounds of the buckets of the db.client.operation.duration histogram of Redis
	 * commands.
	 */
	private List<Duration> histogramBuckets = new ArrayList<>(List.of(Duration.ofNanos(100_000),
			Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000),
			Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
			Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1)));

	/**
	 * Whether commands may be recorded on the lean path (spans straight on the
	 * OpenTelemetry tracer, cached meters) when nothing customises their observation.
	 * When false, every command goes through the Observation API.
	 */
	private boolean leanPath = true;

	/**
	 * Whether commands that run with no current span (connection handshakes, work nothing
	 * traces) are exported as traces of their own. They are always recorded in
	 * db.client.operation.duration.
	 */
	private boolean rootSpans;

	/**
	 * Whether Spring Boot's own Lettuce observation (the lettuce timer and its spans) is
	 * kept instead of the starter's command spans. For teams with dashboards built on
	 * Boot's names.
	 */
	private boolean bootObservation;

	/**
	 * Whether the metrics of Spring Cache over Redis (cache.gets, cache.puts,
	 * cache.removals per cache) are recorded: turns on the statistics of Boot's
	 * RedisCacheManager and binds caches created after startup too.
	 */
	private boolean cacheMetrics = true;

	private final Statement statement = new Statement();

	public List<String> getKeyPatterns() {
		return this.keyPatterns;
	}

	public void setKeyPatterns(List<String> keyPatterns) {
		this.keyPatterns = keyPatterns;
	}

	public List<Duration> getHistogramBuckets() {
		return this.histogramBuckets;
	}

	public void setHistogramBuckets(List<Duration> histogramBuckets) {
		this.histogramBuckets = histogramBuckets;
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

	public boolean isBootObservation() {
		return this.bootObservation;
	}

	public void setBootObservation(boolean bootObservation) {
		this.bootObservation = bootObservation;
	}

	public boolean isCacheMetrics() {
		return this.cacheMetrics;
	}

	public void setCacheMetrics(boolean cacheMetrics) {
		this.cacheMetrics = cacheMetrics;
	}

	public Statement getStatement() {
		return this.statement;
	}

	@Override
	public boolean supports(Class<?> type) {
		return RedisObservabilityProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		RedisObservabilityProperties properties = (RedisObservabilityProperties) target;
		List<String> patterns = properties.getKeyPatterns();
		if (patterns.size() > MAX_KEY_PATTERNS) {
			errors.rejectValue("keyPatterns", "size", "must list at most " + MAX_KEY_PATTERNS + " patterns");
		}
		for (String pattern : patterns) {
			String problem = RedisKeyPatterns.problem(pattern);
			if (problem != null) {
				errors.rejectValue("keyPatterns", "pattern",
						"must list key patterns such as session:*,residence-ids:*; " + problem);
				break;
			}
		}
		PropertyChecks.positiveDurations(errors, "histogramBuckets", properties.getHistogramBuckets());
	}

	/**
	 * The masked statement added to command spans.
	 */
	public static class Statement {

		/**
		 * Whether each command span carries its statement in db.query.text with every
		 * value masked (SET user:42 ?, AUTH ?, HSET key field ?).
		 */
		private boolean enabled;

		/**
		 * Whether the statement shows the command's keys; when false they are masked like
		 * values (SET ? ?).
		 */
		private boolean keys = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isKeys() {
			return this.keys;
		}

		public void setKeys(boolean keys) {
			this.keys = keys;
		}

	}

}
