package dev.observability.starter.export;

import java.util.function.Consumer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.DoubleUpDownCounterBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.metrics.ObservableLongUpDownCounter;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;

/**
 * The meter provider given to the {@link BatchSpanProcessor} (with
 * {@link InternalTelemetryVersion#LATEST}): it listens to the two instruments through
 * which the processor reports what it did with spans, and passes everything on to the
 * application's meter provider, if any.
 * <ul>
 * <li>{@value #PROCESSED}: spans whose processing finished, with {@code error.type}
 * {@value #QUEUE_FULL} for a span dropped because the queue was full, another value for a
 * batch whose export failed or timed out, none for an exported batch;</li>
 * <li>{@value #QUEUE_SIZE}: an observable of the queue's length.</li>
 * </ul>
 * This is the only place the processor reports drops and its queue; a meter provider
 * adapter is lighter than running an OpenTelemetry metrics SDK with a reader for it.
 */
final class BatchProcessorTelemetry implements MeterProvider {

	static final String PROCESSED = "otel.sdk.processor.span.processed";

	static final String QUEUE_SIZE = "otel.sdk.processor.span.queue.size";

	static final String QUEUE_FULL = "queue_full";

	private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	private final SpanExportPipeline pipeline;

	private final MeterProvider delegate;

	BatchProcessorTelemetry(SpanExportPipeline pipeline, MeterProvider delegate) {
		this.pipeline = pipeline;
		this.delegate = delegate;
	}

	@Override
	public MeterBuilder meterBuilder(String instrumentationScopeName) {
		MeterBuilder builder = this.delegate.meterBuilder(instrumentationScopeName);
		return new MeterBuilder() {

			@Override
			public MeterBuilder setSchemaUrl(String schemaUrl) {
				builder.setSchemaUrl(schemaUrl);
				return this;
			}

			@Override
			public MeterBuilder setInstrumentationVersion(String instrumentationVersion) {
				builder.setInstrumentationVersion(instrumentationVersion);
				return this;
			}

			@Override
			public Meter build() {
				return new ListeningMeter(builder.build());
			}

		};
	}

	private final class ListeningMeter implements Meter {

		private final Meter meter;

		ListeningMeter(Meter meter) {
			this.meter = meter;
		}

		@Override
		public LongCounterBuilder counterBuilder(String name) {
			LongCounterBuilder builder = this.meter.counterBuilder(name);
			return PROCESSED.equals(name) ? new ProcessedCounterBuilder(builder) : builder;
		}

		@Override
		public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
			LongUpDownCounterBuilder builder = this.meter.upDownCounterBuilder(name);
			return QUEUE_SIZE.equals(name) ? new QueueSizeBuilder(builder) : builder;
		}

		@Override
		public DoubleHistogramBuilder histogramBuilder(String name) {
			return this.meter.histogramBuilder(name);
		}

		@Override
		public DoubleGaugeBuilder gaugeBuilder(String name) {
			return this.meter.gaugeBuilder(name);
		}

	}

	private final class ProcessedCounterBuilder implements LongCounterBuilder {

		private final LongCounterBuilder builder;

		ProcessedCounterBuilder(LongCounterBuilder builder) {
			this.builder = builder;
		}

		@Override
		public LongCounterBuilder setDescription(String description) {
			this.builder.setDescription(description);
			return this;
		}

		@Override
		public LongCounterBuilder setUnit(String unit) {
			this.builder.setUnit(unit);
			return this;
		}

		@Override
		public DoubleCounterBuilder ofDoubles() {
			return this.builder.ofDoubles();
		}

		@Override
		public LongCounter build() {
			LongCounter counter = this.builder.build();
			return new LongCounter() {

				@Override
				public void add(long value) {
					add(value, Attributes.empty());
				}

				@Override
				public void add(long value, Attributes attributes) {
					processed(value, attributes);
					counter.add(value, attributes);
				}

				@Override
				public void add(long value, Attributes attributes, Context context) {
					processed(value, attributes);
					counter.add(value, attributes, context);
				}

			};
		}

		@Override
		public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
			return this.builder.buildWithCallback(callback);
		}

	}

	private void processed(long count, Attributes attributes) {
		String error = attributes.get(ERROR_TYPE);
		if (QUEUE_FULL.equals(error)) {
			this.pipeline.dropped(count);
		}
		else {
			this.pipeline.exportFinished(count, error);
		}
	}

	private final class QueueSizeBuilder implements LongUpDownCounterBuilder {

		private final LongUpDownCounterBuilder builder;

		QueueSizeBuilder(LongUpDownCounterBuilder builder) {
			this.builder = builder;
		}

		@Override
		public LongUpDownCounterBuilder setDescription(String description) {
			this.builder.setDescription(description);
			return this;
		}

		@Override
		public LongUpDownCounterBuilder setUnit(String unit) {
			this.builder.setUnit(unit);
			return this;
		}

		@Override
		public DoubleUpDownCounterBuilder ofDoubles() {
			return this.builder.ofDoubles();
		}

		@Override
		public LongUpDownCounter build() {
			return this.builder.build();
		}

		@Override
		public ObservableLongUpDownCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
			BatchProcessorTelemetry.this.pipeline.queueSize(() -> {
				LastValue value = new LastValue();
				callback.accept(value);
				return value.value;
			});
			return this.builder.buildWithCallback(callback);
		}

	}

	private static final class LastValue implements ObservableLongMeasurement {

		private long value;

		@Override
		public void record(long value) {
			this.value = value;
		}

		@Override
		public void record(long value, Attributes attributes) {
			this.value = value;
		}

	}

}
