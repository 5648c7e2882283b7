package dev.observability.starter.export;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.exporter.SpanFilter;
import io.micrometer.tracing.exporter.SpanReporter;
import io.micrometer.tracing.otel.bridge.CompositeSpanExporter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanProcessors;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ExportObservabilityAutoConfigurationTests {

	private static final String OURS = "observabilitySpanProcessor";

	private static final String BOOTS = "otelSpanProcessor";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ExportObservabilityAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class))
		.withPropertyValues("management.tracing.sampling.probability=1.0");

	@Test
	void handsSpansStraightToTheOnlyExporter() {
		this.contextRunner.withBean(InMemorySpanExporter.class, InMemorySpanExporter::create).run((context) -> {
			assertThat(context).hasSingleBean(BatchSpanProcessor.class).hasBean(OURS).doesNotHaveBean(BOOTS);
			assertThat(exporterOf(context)).isSameAs(context.getBean(InMemorySpanExporter.class));
			endSpans(context, "checkout");
			assertThat(context.getBean(InMemorySpanExporter.class).getFinishedSpanItems()).extracting(SpanData::getName)
				.containsExactly("checkout");
		});
	}

	@Test
	void handsSpansToEveryExporterOnceWithoutBootsComposite() {
		this.contextRunner.withBean("first", InMemorySpanExporter.class, InMemorySpanExporter::create)
			.withBean("second", InMemorySpanExporter.class, InMemorySpanExporter::create)
			.run((context) -> {
				assertThat(exporterOf(context)).isNotInstanceOf(CompositeSpanExporter.class);
				assertThat(context.getBean(SpanProcessors.class).list())
					.hasExactlyElementsOfTypes(BatchSpanProcessor.class, PipelineSpanProcessor.class);
				endSpans(context, "first-span", "second-span");
				for (InMemorySpanExporter exporter : context.getBeansOfType(InMemorySpanExporter.class).values()) {
					assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getName)
						.containsExactlyInAnyOrder("first-span", "second-span");
				}
			});
	}

	@Test
	void appliesBootsBatchSettingsAsBootDoes() {
		String[] settings = { "management.opentelemetry.tracing.export.include-unsampled=true",
				"management.opentelemetry.tracing.export.timeout=7s",
				"management.opentelemetry.tracing.export.max-batch-size=3",
				"management.opentelemetry.tracing.export.max-queue-size=50",
				"management.opentelemetry.tracing.export.schedule-delay=2s" };
		this.contextRunner.withPropertyValues(settings).run((context) -> {
			assertThat(context).hasBean(OURS);
			assertThat(context.getBean(BatchSpanProcessor.class)).asString()
				.contains("exportUnsampledSpans=true", "scheduleDelayNanos=2000000000", "maxExportBatchSize=3",
						"exporterTimeoutNanos=7000000000");
		});
	}

	@Test
	void hasTheSameSettingsAsBootsProcessorByDefault() {
		String[] ours = new String[1];
		this.contextRunner.run((context) -> ours[0] = settingsOf(context.getBean(BatchSpanProcessor.class)));
		this.contextRunner.withPropertyValues("observability.export.enabled=false").run((context) -> {
			assertThat(context).hasBean(BOOTS);
			assertThat(settingsOf(context.getBean(BatchSpanProcessor.class))).isEqualTo(ours[0]);
		});
	}

	@Test
	void honoursBootsQueueSizeAndReportsToTheApplicationsMeterProvider() {
		InMemoryMetricReader metrics = InMemoryMetricReader.create();
		BlockingSpanExporter exporter = new BlockingSpanExporter();
		this.contextRunner
			.withPropertyValues("management.opentelemetry.tracing.export.max-queue-size=2",
					"management.opentelemetry.tracing.export.max-batch-size=1")
			.withBean(SdkMeterProvider.class, () -> SdkMeterProvider.builder().registerMetricReader(metrics).build())
			.withBean(SpanExporter.class, () -> exporter)
			.run((context) -> {
				assertThat(context).hasBean(OURS);
				try {
					startAndEnd(context, IntStream.range(0, 10).mapToObj((i) -> "span-" + i).toList());
					// one span is held by the blocked export, two wait in the queue
					assertThat(droppedSpans(metrics)).isBetween(7L, 8L);
				}
				finally {
					exporter.release();
				}
			});
	}

	@Test
	void appliesSpanFiltersThroughBootsComposite() {
		SpanFilter filter = (span) -> span.setName(span.getName() + " (filtered)");
		this.contextRunner.withBean(SpanFilter.class, () -> filter)
			.withBean(InMemorySpanExporter.class, InMemorySpanExporter::create)
			.run((context) -> {
				assertThat(context).hasSingleBean(BatchSpanProcessor.class).hasBean(OURS);
				assertThat(exporterOf(context)).isInstanceOf(CompositeSpanExporter.class);
				endSpans(context, "checkout");
				assertThat(context.getBean(InMemorySpanExporter.class).getFinishedSpanItems())
					.extracting(SpanData::getName)
					.containsExactly("checkout (filtered)");
			});
	}

	@Test
	void usesBootsCompositeForSpanReportersAndExportingPredicates() {
		this.contextRunner.withBean(SpanReporter.class, () -> (span) -> {
		}).run((context) -> assertThat(exporterOf(context)).isInstanceOf(CompositeSpanExporter.class));
		this.contextRunner.withBean(SpanExportingPredicate.class, () -> (span) -> true)
			.run((context) -> assertThat(exporterOf(context)).isInstanceOf(CompositeSpanExporter.class));
	}

	@Test
	void backsOffWhenTheExportAreaIsSwitchedOff() {
		this.contextRunner.withPropertyValues("observability.export.enabled=false")
			.run(ExportObservabilityAutoConfigurationTests::assertThatBootsProcessorIsUsed);
	}

	@Test
	void backsOffWhenTheStarterIsSwitchedOff() {
		this.contextRunner.withPropertyValues("observability.enabled=false")
			.run(ExportObservabilityAutoConfigurationTests::assertThatBootsProcessorIsUsed);
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnBatchSpanProcessor() {
		this.contextRunner
			.withBean("appSpanProcessor", BatchSpanProcessor.class,
					() -> BatchSpanProcessor.builder(InMemorySpanExporter.create()).build())
			.run((context) -> assertThat(context).hasSingleBean(BatchSpanProcessor.class).hasBean("appSpanProcessor"));
	}

	@Test
	void backsOffWhenOpenTelemetryIsSwitchedOff() {
		this.contextRunner.withPropertyValues("management.opentelemetry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(BatchSpanProcessor.class));
	}

	@Test
	void backsOffWhenMicrometerTracingsOpenTelemetryBridgeIsMissing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.tracing.otel"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(OURS));
	}

	@Test
	void usesBootsCompositeOnlyWhenAFilterReporterOrPredicateExists() {
		SpanExporter exporter = InMemorySpanExporter.create();
		SpanFilter filter = (span) -> span;
		assertThat(ExportObservabilityAutoConfiguration.spanExporter(List.of(exporter), List.of(), List.of(),
				List.of(filter)))
			.isInstanceOf(CompositeSpanExporter.class);
		assertThat(
				ExportObservabilityAutoConfiguration.spanExporter(List.of(exporter), List.of(), List.of(), List.of()))
			.isSameAs(exporter);
	}

	@Test
	void keepsOtherSpanProcessorsSuchAsTheTestKitsCapture() {
		InMemorySpanExporter captured = InMemorySpanExporter.create();
		this.contextRunner.withBean(SpanProcessor.class, () -> SimpleSpanProcessor.create(captured))
			.withBean(InMemorySpanExporter.class, InMemorySpanExporter::create)
			.run((context) -> {
				assertThat(context).hasBean(OURS);
				endSpans(context, "checkout");
				assertThat(captured.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("checkout");
				assertThat(context.getBean(InMemorySpanExporter.class).getFinishedSpanItems())
					.extracting(SpanData::getName)
					.containsExactly("checkout");
			});
	}

	private static SpanExporter exporterOf(AssertableApplicationContext context) {
		SpanExporter exporter = context.getBean(BatchSpanProcessor.class).getSpanExporter();
		assertThat(exporter).isInstanceOf(PipelineSpanExporter.class);
		return ((PipelineSpanExporter) exporter).delegate();
	}

	private static void assertThatBootsProcessorIsUsed(AssertableApplicationContext context) {
		assertThat(context).hasSingleBean(BatchSpanProcessor.class).hasBean(BOOTS).doesNotHaveBean(OURS);
		assertThat(context.getBean(BatchSpanProcessor.class).getSpanExporter())
			.isInstanceOf(CompositeSpanExporter.class);
	}

	private static void endSpans(AssertableApplicationContext context, String... names) {
		startAndEnd(context, List.of(names));
		assertThat(context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
			.isTrue();
	}

	private static void startAndEnd(AssertableApplicationContext context, List<String> names) {
		OpenTelemetry openTelemetry = context.getBean(OpenTelemetry.class);
		for (String name : names) {
			openTelemetry.getTracer("export-tests").spanBuilder(name).startSpan().end();
		}
	}

	/**
	 * Settings part of the processor's description, without the exporter it wraps.
	 */
	private static String settingsOf(BatchSpanProcessor processor) {
		String description = processor.toString();
		return description.substring(description.indexOf(", exportUnsampledSpans="));
	}

	private static long droppedSpans(InMemoryMetricReader metrics) {
		return metrics.collectAllMetrics()
			.stream()
			.filter((metric) -> metric.getName().equals(BatchProcessorTelemetry.PROCESSED))
			.map(MetricData::getLongSumData)
			.flatMap((sum) -> sum.getPoints().stream())
			.filter((point) -> BatchProcessorTelemetry.QUEUE_FULL
				.equals(point.getAttributes().get(AttributeKey.stringKey("error.type"))))
			.mapToLong(LongPointData::getValue)
			.sum();
	}

	/**
	 * Holds the first export until released, so that the processor's queue fills up.
	 */
	static class BlockingSpanExporter implements SpanExporter {

		private final CountDownLatch released = new CountDownLatch(1);

		@Override
		public CompletableResultCode export(java.util.Collection<SpanData> spans) {
			try {
				this.released.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

		void release() {
			this.released.countDown();
		}

	}

}
