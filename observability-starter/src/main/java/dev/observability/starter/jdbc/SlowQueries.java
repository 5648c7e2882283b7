package dev.observability.starter.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.CodeLocations;
import dev.observability.starter.core.OperationDescriptor;
import dev.observability.starter.core.RateLimitedLog;
import dev.observability.starter.jdbc.JdbcObservationDocumentation.LowCardinalityKeyNames;

/**
 * Reports statements slower than {@code observability.jdbc.slow-query.threshold}: one
 * WARN line per statement shape and cooldown, with the trace id, the duration, the
 * sanitized SQL and the application code that ran it, and a count in
 * {@code observability.db.slow.queries} by database, operation and table. Statements
 * under the threshold cost one comparison.
 */
final class SlowQueries {

	final long thresholdNanos;

	private final long thresholdMillis;

	private final RateLimitedLog log;

	private final @Nullable MeterRegistry meterRegistry;

	SlowQueries(JdbcObservabilityProperties.SlowQuery properties, @Nullable MeterRegistry meterRegistry) {
		this.thresholdNanos = properties.getThreshold().toNanos();
		this.thresholdMillis = properties.getThreshold().toMillis();
		this.log = new RateLimitedLog(LogFactory.getLog(SlowQueries.class), properties.getLogCooldown());
		this.meterRegistry = meterRegistry;
	}

	/**
	 * Report a statement that ran longer than the threshold, on the thread that ran it
	 * (so that its code location can be found).
	 * @param descriptor the statement's descriptor, for the counter's tags
	 * @param analysis the statement's analysis, for its sanitized text
	 * @param nanos how long it took
	 */
	void report(OperationDescriptor descriptor, SqlAnalysis analysis, long nanos) {
		if (this.meterRegistry != null) {
			List<Tag> tags = new ArrayList<>(3);
			for (KeyValue keyValue : descriptor.getLowCardinalityKeyValues(null)) {
				if (!keyValue.getKey().equals(LowCardinalityKeyNames.ERROR_TYPE.asString())) {
					tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
				}
			}
			Counter.builder(JdbcMeterDocumentation.SLOW_QUERIES.getName())
				.description(JdbcMeterDocumentation.SLOW_QUERIES.getDescription())
				.tags(tags)
				.register(this.meterRegistry)
				.increment();
		}
		SpanContext span = Span.current().getSpanContext();
		this.log.warn(descriptor, () -> line(analysis, nanos, span));
	}

	private String line(SqlAnalysis analysis, long nanos, SpanContext span) {
		StringBuilder line = new StringBuilder(160);
		line.append("Slow query (")
			.append(String.format(Locale.ROOT, "%.1f", nanos / 1e6))
			.append(" ms, threshold ")
			.append(this.thresholdMillis)
			.append(" ms): \"")
			.append(analysis.getSanitizedQuery())
			.append('"');
		String location = CodeLocations.applicationCaller();
		if (location != null) {
			line.append(", at ").append(location);
		}
		if (span.isValid()) {
			line.append(" [trace ").append(span.getTraceId()).append(']');
		}
		return line.toString();
	}

}
