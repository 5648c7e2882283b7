package dev.observability.starter.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.ObservabilityMeterDocumentation.KeyNames;

/**
 * Bounds the distinct values of one tag of one meter when the values come from the
 * application (a route, a table, a key pattern, a job name): the first {@code limit}
 * values are kept, every later new value is reported as {@value #OVERFLOW} and counted in
 * {@code observability.cardinality.overflows}. Admitting a known value costs one set
 * look-up; the limit is never exceeded, even by concurrent callers.
 */
public final class CardinalityGuard {

	/**
	 * Value reported in place of values beyond the limit.
	 */
	public static final String OVERFLOW = "_OTHER";

	private final String meterName;

	private final String key;

	private final int limit;

	private final Set<String> admitted = ConcurrentHashMap.newKeySet();

	private final @Nullable MeterRegistry registry;

	private volatile @Nullable Counter overflows;

	/**
	 * Create a guard.
	 * @param meterName name of the meter whose tag is guarded
	 * @param key the tag key
	 * @param limit how many distinct values to admit, at least 1
	 * @param registry where overflows are counted, or {@code null}
	 */
	public CardinalityGuard(String meterName, String key, int limit, @Nullable MeterRegistry registry) {
		this.meterName = meterName;
		this.key = key;
		this.limit = Math.max(1, limit);
		this.registry = registry;
	}

	/**
	 * The value to report for {@code value}: itself when it is known or there is room,
	 * otherwise {@value #OVERFLOW}.
	 * @param value the value built from application data
	 * @return the value to use as a tag
	 */
	public String admit(String value) {
		if (this.admitted.contains(value)) {
			return value;
		}
		synchronized (this.admitted) {
			if (this.admitted.contains(value)) {
				return value;
			}
			if (this.admitted.size() < this.limit) {
				this.admitted.add(value);
				return value;
			}
		}
		countOverflow();
		return OVERFLOW;
	}

	/**
	 * Number of distinct values admitted so far.
	 * @return the count, never more than the limit
	 */
	public int size() {
		return this.admitted.size();
	}

	private void countOverflow() {
		if (this.registry == null) {
			return;
		}
		Counter counter = this.overflows;
		if (counter == null) {
			counter = Counter.builder(ObservabilityMeterDocumentation.CARDINALITY_OVERFLOWS.getName())
				.description(ObservabilityMeterDocumentation.CARDINALITY_OVERFLOWS.getDescription())
				.tag(KeyNames.METER.asString(), this.meterName)
				.tag(KeyNames.KEY.asString(), this.key)
				.register(this.registry);
			this.overflows = counter;
		}
		counter.increment();
	}

}
