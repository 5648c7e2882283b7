package dev.observability.starter.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.observability.starter.core.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Settings of the HTTP server telemetry. Validates itself when bound, so a bad value
 * fails startup with a message naming the property and what it allows.
 */
@ConfigurationProperties("observability.http")
public class HttpObservabilityProperties implements Validator {

	private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	/**
	 * Meter names and tags of the HTTP server request observation.
	 */
	private MetricNames metricNames = MetricNames.OPENTELEMETRY;

	/**
	 * Upper bounds of the buckets of the http.server.request.duration histogram.
	 */
	private List<Duration> histogramBuckets = new ArrayList<>(List.of(Duration.ofMillis(5), Duration.ofMillis(10),
			Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(75), Duration.ofMillis(100),
			Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(750), Duration.ofSeconds(1),
			Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofMillis(7500), Duration.ofSeconds(10)));

	/**
	 * Whether requests to the actuator's endpoints, at the management base path, are left
	 * out of traces and HTTP metrics, together with the observations made while serving
	 * them.
	 */
	private boolean excludeActuator = true;

	/**
	 * Further request paths left out of traces and HTTP metrics, as Spring path patterns
	 * relative to the context path, e.g. /internal/** or /ping.
	 */
	private List<String> excludePatterns = new ArrayList<>();

	private final BodySizes bodySizes = new BodySizes();

	private final TraceHeader traceHeader = new TraceHeader();

	public MetricNames getMetricNames() {
		return this.metricNames;
	}

	public void setMetricNames(MetricNames metricNames) {
		this.metricNames = metricNames;
	}

	public List<Duration> getHistogramBuckets() {
		return this.histogramBuckets;
	}

	public void setHistogramBuckets(List<Duration> histogramBuckets) {
		this.histogramBuckets = histogramBuckets;
	}

	public boolean isExcludeActuator() {
		return this.excludeActuator;
	}

	public void setExcludeActuator(boolean excludeActuator) {
		this.excludeActuator = excludeActuator;
	}

	public List<String> getExcludePatterns() {
		return this.excludePatterns;
	}

	public void setExcludePatterns(List<String> excludePatterns) {
		this.excludePatterns = excludePatterns;
	}

	public TraceHeader getTraceHeader() {
		return this.traceHeader;
	}

	public BodySizes getBodySizes() {
		return this.bodySizes;
	}

	@Override
	public boolean supports(Class<?> type) {
		return HttpObservabilityProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		HttpObservabilityProperties properties = (HttpObservabilityProperties) target;
		PropertyChecks.positiveDurations(errors, "histogram-buckets", properties.histogramBuckets);
		properties.excludePatterns.stream()
			.filter((pattern) -> !isPathPattern(pattern))
			.findFirst()
			.ifPresent((pattern) -> errors.rejectValue("exclude-patterns", "pattern",
					"must list Spring path patterns starting with '/', such as /internal/**, but has '" + pattern
							+ "'"));
		PropertyChecks.positiveSizes(errors, "body-sizes.buckets", properties.bodySizes.buckets);
		String header = properties.traceHeader.name;
		if (header == null || !HEADER_NAME.matcher(header).matches()) {
			errors.rejectValue("trace-header.name", "token",
					"must be an HTTP header name (letters, digits and !#$%&'*+-.^_`|~), such as traceparent or X-Trace-Id, but is '"
							+ header + "'");
		}
	}

	private static boolean isPathPattern(String pattern) {
		if (pattern == null || !pattern.startsWith("/")) {
			return false;
		}
		try {
			PathPatternParser.defaultInstance.parse(pattern);
			return true;
		}
		catch (PatternParseException ex) {
			return false;
		}
	}

	/**
	 * The header that tells the caller the trace id of its request.
	 */
	public static class TraceHeader {

		/**
		 * Whether each traced response carries its trace id in a header, so that a caller
		 * (or a support ticket) can name the trace.
		 */
		private boolean enabled;

		/**
		 * Name of that header: traceparent carries the W3C value (00-trace id-span
		 * id-flags), any other name the trace id alone.
		 */
		private String name = "traceparent";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

	}

	/**
	 * Request and response body size distributions.
	 */
	public static class BodySizes {

		/**
		 * Whether http.server.request.body.size and http.server.response.body.size are
		 * recorded.
		 */
		private boolean enabled = true;

		/**
		 * Upper bounds of the buckets of both body size histograms.
		 */
		private List<DataSize> buckets = new ArrayList<>(
				List.of(DataSize.ofBytes(100), DataSize.ofKilobytes(1), DataSize.ofKilobytes(10),
						DataSize.ofKilobytes(100), DataSize.ofMegabytes(1), DataSize.ofMegabytes(10)));

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<DataSize> getBuckets() {
			return this.buckets;
		}

		public void setBuckets(List<DataSize> buckets) {
			this.buckets = buckets;
		}

	}

	/**
	 * Naming schemes for the HTTP server request observation.
	 */
	public enum MetricNames {

		/**
		 * OpenTelemetry semantic conventions: http.server.request.duration in seconds
		 * with http.route, http.request.method, http.response.status_code and error.type.
		 */
		OPENTELEMETRY,

		/**
		 * Boot's own http.server.requests meter with its uri, method, status and
		 * exception tags, for dashboards built on them; the starter then changes no names
		 * and sets no duration buckets, while exclusions, body sizes and span status
		 * still apply.
		 */
		BOOT

	}

}
