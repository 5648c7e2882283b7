package dev.observability.starter.export;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The {@code telemetry.export.duration} timer
 * ({@link ExportMeterDocumentation#EXPORT_DURATION}): how long each export call to a
 * collector took, by signal ({@value #TRACES} or {@value #METRICS}) and outcome
 * ({@code success} or {@code failure}). Exports finish on the exporters' threads, long
 * after the exporters were built and possibly before the meter registry exists, so the
 * timers are looked up once the registry binds them and calls before that are not timed.
 */
final class ExportTimers implements MeterBinder {

	static final String TRACES = "traces";

	static final String METRICS = "metrics";

	private volatile @Nullable Timer[] timers;

	@Override
	public void bindTo(MeterRegistry registry) {
		this.timers = new Timer[] { timer(registry, TRACES, true), timer(registry, TRACES, false),
				timer(registry, METRICS, true), timer(registry, METRICS, false) };
	}

	private static Timer timer(MeterRegistry registry, String signal, boolean success) {
		ExportMeterDocumentation meter = ExportMeterDocumentation.EXPORT_DURATION;
		return Timer.builder(meter.getName())
			.description(meter.getDescription())
			.tag(ExportMeterDocumentation.KeyNames.SIGNAL.asString(), signal)
			.tag(ExportMeterDocumentation.KeyNames.OUTCOME.asString(),
					success ? ExportMeterDocumentation.SUCCESS : ExportMeterDocumentation.FAILURE)
			.register(registry);
	}

	/**
	 * Record an export call that started at {@code startNanos} and has just ended.
	 * @param signal {@value #TRACES} or {@value #METRICS}
	 * @param startNanos {@link System#nanoTime()} at the start of the call
	 * @param success whether the collector accepted the data
	 */
	void record(String signal, long startNanos, boolean success) {
		Timer[] timers = this.timers;
		if (timers != null) {
			int index = (signal.equals(TRACES) ? 0 : 2) + (success ? 0 : 1);
			timers[index].record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
		}
	}

}
