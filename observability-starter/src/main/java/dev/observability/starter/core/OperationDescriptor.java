package dev.observability.starter.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import org.jspecify.annotations.Nullable;

/**
 * Everything about one distinct operation (a statement shape on one database, a service
 * method) that does not change from one execution to the next, computed once: span name
 * and kind, span attributes as typed OpenTelemetry {@link Attributes}, the
 * low-cardinality key values of a success and of each failure type, and the meters they
 * select. Observing an operation whose descriptor exists builds no key list, tag list or
 * string.
 * <p>
 * The low-cardinality key values become both meter tags and span attributes; the
 * high-cardinality ones only span attributes. The error key (e.g. {@code error.type}) is
 * {@code none} on success.
 */
public final class OperationDescriptor {

	private static final int MAX_ERROR_TYPES = 64;

	private final String meterName;

	private final String spanName;

	private final SpanKind spanKind;

	private final String errorKey;

	private final AttributeKey<String> errorAttributeKey;

	private final Attributes attributes;

	private final KeyValues highCardinalityKeyValues;

	private final Outcome success;

	private final ConcurrentMap<String, Outcome> failures = new ConcurrentHashMap<>();

	private OperationDescriptor(Builder builder) {
		this.meterName = builder.meterName;
		this.spanName = builder.spanName;
		this.spanKind = builder.spanKind;
		this.errorKey = builder.errorKey;
		this.errorAttributeKey = AttributeKey.stringKey(builder.errorKey);
		KeyValues low = KeyValues.of(builder.lowCardinality).and(KeyValue.of(this.errorKey, KeyValue.NONE_VALUE));
		this.success = new Outcome(low);
		this.highCardinalityKeyValues = KeyValues.of(builder.highCardinality);
		AttributesBuilder attributes = Attributes.builder();
		for (KeyValue keyValue : low) {
			attributes.put(keyValue.getKey(), keyValue.getValue());
		}
		for (KeyValue keyValue : this.highCardinalityKeyValues) {
			if (builder.numeric.contains(keyValue.getKey())) {
				attributes.put(keyValue.getKey(), Long.parseLong(keyValue.getValue()));
			}
			else {
				attributes.put(keyValue.getKey(), keyValue.getValue());
			}
		}
		this.attributes = attributes.build();
	}

	/**
	 * Start describing an operation.
	 * @param meterName name of the timer (and observation), e.g.
	 * {@code db.client.operation.duration}
	 * @param spanName name of the span, e.g. {@code SELECT task}
	 * @param spanKind kind of the span
	 * @param errorKey the low-cardinality key that holds the failure type
	 * @return a builder
	 */
	public static Builder builder(String meterName, String spanName, SpanKind spanKind, String errorKey) {
		return new Builder(meterName, spanName, spanKind, errorKey);
	}

	public String getMeterName() {
		return this.meterName;
	}

	public String getSpanName() {
		return this.spanName;
	}

	public SpanKind getSpanKind() {
		return this.spanKind;
	}

	/**
	 * Span attributes of a success: the low- and high-cardinality keys.
	 * @return the attributes
	 */
	public Attributes getAttributes() {
		return this.attributes;
	}

	/**
	 * Key of the failure type among the low-cardinality key values.
	 * @return the key, e.g. {@code error.type}
	 */
	public AttributeKey<String> getErrorAttributeKey() {
		return this.errorAttributeKey;
	}

	/**
	 * Low-cardinality key values of an execution.
	 * @param errorType the failure type, or {@code null} on success
	 * @return the key values, built once per failure type
	 */
	public KeyValues getLowCardinalityKeyValues(@Nullable String errorType) {
		return outcome(errorType).keyValues;
	}

	/**
	 * High-cardinality key values, which only spans carry.
	 * @return the key values
	 */
	public KeyValues getHighCardinalityKeyValues() {
		return this.highCardinalityKeyValues;
	}

	/**
	 * The timer of an execution, registered once and cached.
	 * @param meters the integration's registry
	 * @param errorType the failure type, or {@code null} on success
	 * @return the timer
	 */
	public Timer timer(OperationMeters meters, @Nullable String errorType) {
		return outcome(errorType).timer(meters, this.meterName);
	}

	/**
	 * The {@code .active} long-task timer of this operation, when the integration records
	 * one.
	 * @param meters the integration's registry
	 * @return the long-task timer, or {@code null} when not recorded
	 */
	public @Nullable LongTaskTimer activeTimer(OperationMeters meters) {
		return meters.longTaskTimer() ? this.success.activeTimer(meters, this.meterName) : null;
	}

	private Outcome outcome(@Nullable String errorType) {
		if (errorType == null) {
			return this.success;
		}
		Outcome outcome = this.failures.get(errorType);
		if (outcome == null) {
			String type = (this.failures.size() < MAX_ERROR_TYPES) ? errorType : CardinalityGuard.OVERFLOW;
			outcome = this.failures.computeIfAbsent(type,
					(key) -> new Outcome(this.success.keyValues.and(KeyValue.of(this.errorKey, key))));
		}
		return outcome;
	}

	@Override
	public String toString() {
		return "OperationDescriptor[" + this.spanName + "]";
	}

	/**
	 * Key values, tags and cached meters of one outcome (success or one failure type).
	 */
	private static final class Outcome {

		private final KeyValues keyValues;

		private final Tags tags;

		private volatile @Nullable Cached<Timer> timer;

		private volatile @Nullable Cached<LongTaskTimer> active;

		Outcome(KeyValues keyValues) {
			this.keyValues = keyValues;
			this.tags = Tags.of(OperationMeters.tags(keyValues));
		}

		Timer timer(OperationMeters meters, String name) {
			Cached<Timer> cached = this.timer;
			if (cached == null || !cached.isValid(meters)) {
				int generation = meters.generation();
				cached = new Cached<>(meters, generation,
						Timer.builder(name).tags(this.tags).register(meters.registry()));
				this.timer = cached;
			}
			return cached.meter;
		}

		LongTaskTimer activeTimer(OperationMeters meters, String name) {
			Cached<LongTaskTimer> cached = this.active;
			if (cached == null || !cached.isValid(meters)) {
				int generation = meters.generation();
				cached = new Cached<>(meters, generation,
						LongTaskTimer.builder(name + OperationMeters.ACTIVE_SUFFIX)
							.tags(this.tags)
							.register(meters.registry()));
				this.active = cached;
			}
			return cached.meter;
		}

	}

	private record Cached<M>(OperationMeters meters, int generation, M meter) {

		boolean isValid(OperationMeters current) {
			return this.meters == current && this.generation == current.generation();
		}

	}

	/**
	 * Collects the keys of a descriptor.
	 */
	public static final class Builder {

		private final String meterName;

		private final String spanName;

		private final SpanKind spanKind;

		private final String errorKey;

		private final List<KeyValue> lowCardinality = new ArrayList<>();

		private final List<KeyValue> highCardinality = new ArrayList<>();

		private final Set<String> numeric = new HashSet<>();

		private Builder(String meterName, String spanName, SpanKind spanKind, String errorKey) {
			this.meterName = meterName;
			this.spanName = spanName;
			this.spanKind = spanKind;
			this.errorKey = errorKey;
		}

		/**
		 * Add a key that is both a meter tag and a span attribute.
		 * @param key the key
		 * @param value its bounded value
		 * @return this builder
		 */
		public Builder lowCardinality(String key, String value) {
			this.lowCardinality.add(KeyValue.of(key, value));
			return this;
		}

		/**
		 * Add a key that only spans carry.
		 * @param key the key
		 * @param value its value
		 * @return this builder
		 */
		public Builder highCardinality(String key, String value) {
			this.highCardinality.add(KeyValue.of(key, value));
			return this;
		}

		/**
		 * Add a numeric key that only spans carry: a number on the lean path's span, its
		 * decimal text in the key values (which the Observation path turns into a number
		 * when the key is a {@link NumericSpanAttributes} key).
		 * @param key the key
		 * @param value its value
		 * @return this builder
		 */
		public Builder highCardinality(String key, long value) {
			this.highCardinality.add(KeyValue.of(key, Long.toString(value)));
			this.numeric.add(key);
			return this;
		}

		public OperationDescriptor build() {
			return new OperationDescriptor(this);
		}

	}

}
