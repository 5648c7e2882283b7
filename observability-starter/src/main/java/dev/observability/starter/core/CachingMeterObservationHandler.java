package dev.observability.starter.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;

/**
 * Records the starter's own observations (those of the context types declared by
 * {@link OperationMeterSettings} beans) as a timer, and a {@code .active} long-task timer
 * only where the integration asks for one, keeping the meters per set of key values
 * instead of building and looking up meter ids on every call. Unlike Micrometer's default
 * handler it adds no {@code error} tag: the conventions already report
 * {@code error.type}. Ordered first, so that Boot's first-matching meter handler group
 * picks it for those contexts and its default handler for everything else.
 * <p>
 * Used on the Observation path; the lean path records into the meters cached on
 * {@link OperationDescriptor}s directly. Neither sets descriptions: each integration's
 * {@link ObservationMeterFilters#withDescriptions(String, String)} filter gives them, as
 * it does to the meters Boot's own handler derives from observations.
 */
public final class CachingMeterObservationHandler implements MeterObservationHandler<Observation.Context>, Ordered {

	private final MeterRegistry registry;

	private final List<OperationMeterSettings> settings;

	private final Map<String, Meters> metersByName = new ConcurrentHashMap<>();

	/**
	 * Create a handler.
	 * @param registry where meters are registered
	 * @param settings the context types handled, each with its long-task timer setting
	 */
	public CachingMeterObservationHandler(MeterRegistry registry, List<OperationMeterSettings> settings) {
		this.registry = registry;
		this.settings = List.copyOf(settings);
		registry.config().onMeterRemoved((meter) -> this.metersByName.clear());
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return settingFor(context) != null;
	}

	@Override
	public void onStart(Observation.Context context) {
		Recording recording = new Recording(this.registry.config().clock().monotonicTime());
		String name = context.getName();
		OperationMeterSettings setting = settingFor(context);
		if (name != null && setting != null && setting.longTaskTimer()) {
			Meters meters = meters(name);
			LongTaskTimer active = meters.longTaskTimers.computeIfAbsent(context.getLowCardinalityKeyValues(),
					(keyValues) -> LongTaskTimer.builder(meters.activeName)
						.tags(OperationMeters.tags(keyValues))
						.register(this.registry));
			recording.active = active.start();
		}
		context.put(Recording.class, recording);
	}

	@Override
	public void onStop(Observation.Context context) {
		Recording recording = context.get(Recording.class);
		String name = context.getName();
		if (recording == null || !recording.stop()) {
			return;
		}
		if (name != null) {
			long duration = this.registry.config().clock().monotonicTime() - recording.startNanos;
			Meters meters = meters(name);
			meters.timers
				.computeIfAbsent(context.getLowCardinalityKeyValues(),
						(keyValues) -> Timer.builder(meters.name)
							.tags(OperationMeters.tags(keyValues))
							.register(this.registry))
				.record(duration, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
		Counter.builder(context.getName() + "." + event.getName())
			.tags(OperationMeters.tags(context.getLowCardinalityKeyValues()))
			.register(this.registry)
			.increment();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * End what {@link #onStart} began when an observation could not be stopped normally
	 * (a user filter or handler threw): the long-task timer sample is stopped, so that no
	 * operation stays "active" forever.
	 * @param context the observation's context
	 */
	public static void abandon(Observation.Context context) {
		Recording recording = context.get(Recording.class);
		if (recording != null) {
			recording.stop();
		}
	}

	private @Nullable OperationMeterSettings settingFor(Observation.Context context) {
		for (OperationMeterSettings setting : this.settings) {
			if (setting.contextType().isInstance(context)) {
				return setting;
			}
		}
		return null;
	}

	private Meters meters(String name) {
		return this.metersByName.computeIfAbsent(name, Meters::new);
	}

	/**
	 * What {@link #onStart} began for one observation.
	 */
	private static final class Recording {

		private final long startNanos;

		private LongTaskTimer.@Nullable Sample active;

		private boolean stopped;

		Recording(long startNanos) {
			this.startNanos = startNanos;
		}

		/**
		 * Stop the long-task sample, once.
		 * @return {@code false} when already stopped
		 */
		synchronized boolean stop() {
			if (this.stopped) {
				return false;
			}
			this.stopped = true;
			if (this.active != null) {
				this.active.stop();
			}
			return true;
		}

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
			this.activeName = name + OperationMeters.ACTIVE_SUFFIX;
		}

	}

}
