package dev.observability.starter.export;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code telemetry} health contributor: where spans go, how many ended (were
 * created), exported and lost since start, how many wait, and when the last export
 * succeeded and failed (and why), for spans and for OTLP metric pushes. Its status is
 * {@code DEGRADED} while exports fail (the last one failed) or spans were dropped within
 * the warning interval, else {@code UP}. Boot's default status order does not know
 * {@code DEGRADED}, so the application's overall status stays what the other contributors
 * say; it belongs to no probe group: losing telemetry must never take an instance out of
 * rotation.
 */
final class TelemetryHealthIndicator extends AbstractHealthIndicator {

	static final Status DEGRADED = new Status("DEGRADED", "telemetry is being lost");

	private final @Nullable SpanExportPipeline spans;

	private final Supplier<@Nullable MetricsPushRecorder> metrics;

	private final Duration window;

	TelemetryHealthIndicator(@Nullable SpanExportPipeline spans, Supplier<@Nullable MetricsPushRecorder> metrics,
			Duration window) {
		super("Telemetry health check failed");
		this.spans = spans;
		this.metrics = metrics;
		this.window = window;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean degraded = false;
		if (this.spans != null) {
			SpanExportPipeline spans = this.spans;
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("destination", spans.destination());
			details.put("ended", spans.ended());
			details.put("exported", spans.exported());
			details.put("failed", spans.failed());
			details.put("dropped", spans.dropped());
			details.put("queued", spans.queued());
			details.put("queueCapacity", spans.queueCapacity());
			outcomes(details, spans.outcomes());
			Instant lastDrop = spans.lastDrop();
			if (lastDrop != null) {
				details.put("lastDrop", lastDrop.toString());
			}
			degraded = spans.outcomes().isFailing()
					|| (lastDrop != null && lastDrop.isAfter(Instant.now().minus(this.window)));
			builder.withDetail("spans", details);
		}
		MetricsPushRecorder metrics = this.metrics.get();
		if (metrics != null) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("failedPushes", metrics.failures());
			outcomes(details, metrics.outcomes());
			degraded |= metrics.outcomes().isFailing();
			builder.withDetail("metrics", details);
		}
		builder.status(degraded ? DEGRADED : Status.UP);
	}

	private static void outcomes(Map<String, Object> details, ExportOutcomes outcomes) {
		Instant lastSuccess = outcomes.lastSuccess();
		Instant lastFailure = outcomes.lastFailure();
		if (lastSuccess != null) {
			details.put("lastSuccess", lastSuccess.toString());
		}
		if (lastFailure != null) {
			details.put("lastFailure", lastFailure.toString());
			details.put("lastError", outcomes.lastError());
		}
	}

}
