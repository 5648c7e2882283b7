package dev.observability.starter.core;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;

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

}
