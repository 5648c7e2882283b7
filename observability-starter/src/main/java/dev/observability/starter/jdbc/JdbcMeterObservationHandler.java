package dev.observability.starter.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

import org.springframework.core.Ordered;

/**
 * Records statement observations like Micrometer's default meter handler (a timer, and a
 * {@code .active} long-task timer unless ignored), but keeps the meters per set of key
 * values instead of building and looking up meter ids on every statement. Ordered first,
 * so that Boot's first-matching meter handler group picks it for {@link JdbcContext} and
 * its default handler for everything else.
 */
final class JdbcMeterObservationHandler implements MeterObservationHandler<JdbcContext>, Ordered {

	private static final String ACTIVE_SUFFIX = ".active";

	private final MeterRegistry registry;

	private final boolean longTaskTimer;

	private final Map<String, Meters> metersByName = new ConcurrentHashMap<>();

	JdbcMeterObservationHandler(MeterRegistry registry, boolean longTaskTimer) {
		this.registry = registry;
		this.longTaskTimer = longTaskTimer;
		registry.config().onMeterRemoved(this::forget);
	}

	@Override
	public void onStart(JdbcContext context) {
		String name = context.getName();
		if (this.longTaskTimer && name != null) {
			Meters meters = meters(name);
			LongTaskTimer active = meters.longTaskTimers.computeIfAbsent(context.getLowCardinalityKeyValues(),
					(keyValues) -> LongTaskTimer.builder(meters.activeName)
						.tags(tags(keyValues))
						.register(this.registry));
			context.setActiveSample(active.start());
		}
		context.setStartNanos(this.registry.config().clock().monotonicTime());
	}

	@Override
	public void onStop(JdbcContext context) {
		long duration = this.registry.config().clock().monotonicTime() - context.getStartNanos();
		String name = context.getName();
		if (name == null) {
			return;
		}
		Meters meters = meters(name);
		meters.timers
			.computeIfAbsent(context.getLowCardinalityKeyValues(),
					(keyValues) -> Timer.builder(meters.name).tags(tags(keyValues)).register(this.registry))
			.record(duration, TimeUnit.NANOSECONDS);
		LongTaskTimer.Sample active = context.getActiveSample();
		if (active != null) {
			active.stop();
		}
	}

	@Override
	public void onEvent(Observation.Event event, JdbcContext context) {
		Counter.builder(context.getName() + "." + event.getName())
			.tags(tags(context.getLowCardinalityKeyValues()))
			.register(this.registry)
			.increment();
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof JdbcContext;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private Meters meters(String name) {
		return this.metersByName.computeIfAbsent(name, Meters::new);
	}

	private void forget(Meter meter) {
		for (Meters meters : this.metersByName.values()) {
			meters.timers.values().remove(meter);
			meters.longTaskTimers.values().remove(meter);
		}
	}

	private static List<Tag> tags(KeyValues keyValues) {
		List<Tag> tags = new ArrayList<>();
		for (KeyValue keyValue : keyValues) {
			tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
		}
		return tags;
	}

	/**
	 * Meters of one observation name, by their key values.
	 */
	private static final class Meters {

		private final String name;

		private final String activeName;

		private final Map<KeyValues, Timer> timers = new ConcurrentHashMap<>();

		private final Map<KeyValues, LongTaskTimer> longTaskTimers = new ConcurrentHashMap<>();

		Meters(String name) {
			this.name = name;
			this.activeName = name + ACTIVE_SUFFIX;
		}

	}

}
