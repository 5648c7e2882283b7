package dev.observability.starter.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;

/**
 * The meter registry one integration records its operations into, with what meters it
 * records. Meters are cached on {@link OperationDescriptor}s; whenever any meter is
 * removed from the registry the cache generation moves on, so a cached meter is never
 * used after its removal.
 */
public final class OperationMeters {

	/**
	 * Suffix of the long-task timer kept beside a timer, as Micrometer's default meter
	 * handler names it.
	 */
	static final String ACTIVE_SUFFIX = ".active";

	private final MeterRegistry registry;

	private final boolean longTaskTimer;

	private final AtomicInteger generation = new AtomicInteger();

	/**
	 * Create the meters of one integration.
	 * @param registry the registry
	 * @param longTaskTimer whether a {@code <name>.active} long-task timer is recorded
	 * beside each timer
	 */
	public OperationMeters(MeterRegistry registry, boolean longTaskTimer) {
		this.registry = registry;
		this.longTaskTimer = longTaskTimer;
		registry.config().onMeterRemoved((meter) -> this.generation.incrementAndGet());
	}

	MeterRegistry registry() {
		return this.registry;
	}

	boolean longTaskTimer() {
		return this.longTaskTimer;
	}

	int generation() {
		return this.generation.get();
	}

	/**
	 * A timer looked up by its key values, for the rare execution whose key values an
	 * application changed; the usual ones are cached on {@link OperationDescriptor}s.
	 * @param name the timer's name
	 * @param keyValues its low-cardinality key values
	 * @return the timer
	 */
	Timer timer(String name, KeyValues keyValues) {
		return Timer.builder(name).tags(tags(keyValues)).register(this.registry);
	}

	/**
	 * A counter looked up by its key values, for an event an application reported on an
	 * operation.
	 * @param name the counter's name
	 * @param keyValues its low-cardinality key values
	 * @return the counter
	 */
	Counter counter(String name, KeyValues keyValues) {
		return Counter.builder(name).tags(tags(keyValues)).register(this.registry);
	}

	static List<Tag> tags(KeyValues keyValues) {
		List<Tag> tags = new ArrayList<>();
		for (KeyValue keyValue : keyValues) {
			tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
		}
		return tags;
	}

}
