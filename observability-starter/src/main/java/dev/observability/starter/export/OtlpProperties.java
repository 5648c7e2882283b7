package dev.observability.starter.export;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.observability.starter.core.PropertyChecks;

/**
 * One place to send traces, metrics and (opt-in) logs to an OTLP/HTTP collector, and the
 * span export queue's sizing. Each setting is handed to the Spring Boot property it
 * stands for ({@code management.opentelemetry.tracing.export.*},
 * {@code management.otlp.metrics.export.*},
 * {@code management.opentelemetry.logging.export.otlp.*}); a Boot property set explicitly
 * wins.
 */
@ConfigurationProperties(OtlpProperties.PREFIX)
public class OtlpProperties implements Validator {

	/**
	 * Prefix of these properties.
	 */
	public static final String PREFIX = "observability.otlp";

	private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	static final int MAX_QUEUE_SIZE_LIMIT = 1_000_000;

	/**
	 * Base URL of the collector's OTLP/HTTP receiver, such as http://collector:4318;
	 * traces go to /v1/traces, metrics to /v1/metrics and logs to /v1/logs under it.
	 * Without it nothing is pushed (Prometheus scraping works regardless).
	 */
	private @Nullable String endpoint;

	/**
	 * HTTP headers sent with every export request, such as a tenant id.
	 */
	private Map<String, String> headers = new LinkedHashMap<>();

	/**
	 * Token sent as "Authorization: Bearer <token>" with every export request. Set it
	 * from an environment variable; it is never logged.
	 */
	private @Nullable String bearerToken;

	/**
	 * Compression of export requests: none or gzip.
	 */
	private String compression = "none";

	/**
	 * How long one export request may take before it counts as failed.
	 */
	private Duration timeout = Duration.ofSeconds(10);

	/**
	 * How long closing the application waits for spans still queued to be exported; what
	 * is left after it is counted as failed and the collector is abandoned.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(3);

	/**
	 * Shortest time between two warnings about lost spans or failed exports.
	 */
	private Duration warningInterval = Duration.ofMinutes(1);

	private final Logs logs = new Logs();

	private final Spans spans = new Spans();

	public @Nullable String getEndpoint() {
		return this.endpoint;
	}

	public void setEndpoint(@Nullable String endpoint) {
		this.endpoint = endpoint;
	}

	public Map<String, String> getHeaders() {
		return this.headers;
	}

	public void setHeaders(Map<String, String> headers) {
		this.headers = headers;
	}

	public @Nullable String getBearerToken() {
		return this.bearerToken;
	}

	public void setBearerToken(@Nullable String bearerToken) {
		this.bearerToken = bearerToken;
	}

	public String getCompression() {
		return this.compression;
	}

	public void setCompression(String compression) {
		this.compression = compression;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Duration getWarningInterval() {
		return this.warningInterval;
	}

	public void setWarningInterval(Duration warningInterval) {
		this.warningInterval = warningInterval;
	}

	public Logs getLogs() {
		return this.logs;
	}

	public Spans getSpans() {
		return this.spans;
	}

	/**
	 * The headers every export request carries: {@link #getHeaders()} and the bearer
	 * token's {@code Authorization} header.
	 * @return the headers by name
	 */
	Map<String, String> requestHeaders() {
		Map<String, String> all = new LinkedHashMap<>(this.headers);
		if (this.bearerToken != null && !this.bearerToken.isBlank()) {
			all.put("Authorization", "Bearer " + this.bearerToken.strip());
		}
		return all;
	}

	/**
	 * The endpoint without a trailing slash, or {@code null} when none is set.
	 * @return the base URL
	 */
	@Nullable String baseUrl() {
		if (this.endpoint == null || this.endpoint.isBlank()) {
			return null;
		}
		String base = this.endpoint.strip();
		return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

	@Override
	public boolean supports(Class<?> clazz) {
		return OtlpProperties.class.isAssignableFrom(clazz);
	}

	@Override
	public void validate(Object target, Errors errors) {
		OtlpProperties properties = (OtlpProperties) target;
		validateEndpoint(errors, properties.endpoint);
		for (String name : properties.headers.keySet()) {
			if (!HEADER_NAME.matcher(name).matches()) {
				errors.rejectValue("headers", "name",
						"must map HTTP header names (letters, digits and - _ . ! # $ % & ' * + ^ ` | ~) to values; '"
								+ name + "' is not one, e.g. headers.X-Scope-OrgID=tenant-1");
				break;
			}
			if (name.equalsIgnoreCase("Authorization") && properties.bearerToken != null) {
				errors.rejectValue("headers", "authorization",
						"must not set Authorization when observability.otlp.bearer-token is set; use one of them");
				break;
			}
		}
		if (properties.bearerToken != null && properties.bearerToken.isBlank()) {
			errors.rejectValue("bearerToken", "blank",
					"must not be blank; leave it unset to send no token, e.g. ${OTLP_TOKEN}");
		}
		String compression = properties.compression.toLowerCase(Locale.ROOT);
		if (!compression.equals("none") && !compression.equals("gzip")) {
			errors.rejectValue("compression", "value", "must be none or gzip");
		}
		PropertyChecks.positiveDuration(errors, "timeout", properties.timeout, "10s");
		PropertyChecks.positiveDuration(errors, "shutdownTimeout", properties.shutdownTimeout, "3s");
		PropertyChecks.positiveDuration(errors, "warningInterval", properties.warningInterval, "1m");
		Spans spans = properties.spans;
		PropertyChecks.inRange(errors, "spans.maxQueueSize", spans.maxQueueSize, 1, MAX_QUEUE_SIZE_LIMIT);
		if (spans.maxBatchSize < 1 || spans.maxBatchSize > spans.maxQueueSize) {
			errors.rejectValue("spans.maxBatchSize", "range", "must be between 1 and spans.max-queue-size ("
					+ spans.maxQueueSize + "), e.g. half of the queue size");
		}
		PropertyChecks.positiveDuration(errors, "spans.scheduleDelay", spans.scheduleDelay, "1s");
	}

	private static void validateEndpoint(Errors errors, @Nullable String endpoint) {
		if (endpoint == null || endpoint.isBlank()) {
			return;
		}
		String reason = endpointProblem(endpoint.strip());
		if (reason != null) {
			errors.rejectValue("endpoint", "url", "must be the base URL of an OTLP/HTTP receiver (http or https, "
					+ "no /v1/... path), e.g. http://collector:4318; " + reason);
		}
	}

	private static @Nullable String endpointProblem(String endpoint) {
		URI uri;
		try {
			uri = new URI(endpoint);
		}
		catch (URISyntaxException ex) {
			return "this is not a URL (" + ex.getReason() + ")";
		}
		String scheme = uri.getScheme();
		if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
			return "the scheme must be http or https";
		}
		if (uri.getHost() == null) {
			return "the host is missing";
		}
		String path = (uri.getPath() != null) ? uri.getPath() : "";
		if (path.matches(".*/v1/(traces|metrics|logs)/?")) {
			return "the signal path is added for each signal, leave it out";
		}
		if (uri.getQuery() != null || uri.getFragment() != null) {
			return "it must have no query or fragment";
		}
		return null;
	}

	/**
	 * Log export settings.
	 */
	public static class Logs {

		/**
		 * Whether log records are exported to the endpoint too (/v1/logs). Needs an
		 * appender that hands log events to OpenTelemetry, such as OpenTelemetry's
		 * Logback appender.
		 */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Span export queue and batch settings. They apply to every span exporter, not only
	 * OTLP.
	 */
	public static class Spans {

		/**
		 * How many ended spans wait for export at most; spans that find the queue full
		 * are dropped and counted.
		 */
		private int maxQueueSize = 16384;

		/**
		 * How many spans one export request carries at most. One request is in flight at
		 * a time, so this over the collector's response time is the most spans per second
		 * the application can export.
		 */
		private int maxBatchSize = 8192;

		/**
		 * How long spans wait before a batch that is not full is exported.
		 */
		private Duration scheduleDelay = Duration.ofSeconds(1);

		public int getMaxQueueSize() {
			return this.maxQueueSize;
		}

		public void setMaxQueueSize(int maxQueueSize) {
			this.maxQueueSize = maxQueueSize;
		}

		public int getMaxBatchSize() {
			return this.maxBatchSize;
		}

		public void setMaxBatchSize(int maxBatchSize) {
			this.maxBatchSize = maxBatchSize;
		}

		public Duration getScheduleDelay() {
			return this.scheduleDelay;
		}

		public void setScheduleDelay(Duration scheduleDelay) {
			this.scheduleDelay = scheduleDelay;
		}

	}

}
