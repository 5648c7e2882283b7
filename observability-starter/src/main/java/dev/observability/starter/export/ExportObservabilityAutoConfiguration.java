package dev.observability.starter.export;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

import dev.observability.starter.core.ConditionalOnObservabilityEnabled;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.exporter.SpanFilter;
import io.micrometer.tracing.exporter.SpanReporter;
import io.micrometer.tracing.otel.bridge.CompositeSpanExporter;
import io.micrometer.registry.otlp.OtlpMetricsSender;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.boot.opentelemetry.autoconfigure.ConditionalOnEnabledOpenTelemetry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The span export pipeline and what reports on it. The {@link BatchSpanProcessor} that
 * Boot's OpenTelemetry tracing auto-configuration would otherwise build is built here,
 * with three differences:
 * <ul>
 * <li>Its batch settings default to the starter's ({@code observability.otlp.spans.*},
 * handed to Boot's {@code management.opentelemetry.tracing.export.*}, which win when
 * set).</li>
 * <li>Spans go straight to Boot's {@link SpanExporters}, without Micrometer Tracing's
 * {@link CompositeSpanExporter}, which copies every finished span into a mutable span and
 * back so that {@link SpanFilter}, {@link SpanReporter} and
 * {@link SpanExportingPredicate} beans can see it; it is used only when such a bean
 * exists.</li>
 * <li>What becomes of every span is counted ({@link SpanExportPipeline}): the
 * {@code telemetry.spans.*} meters, the {@code telemetry} health contributor, one warning
 * per interval while spans are lost, and a bounded shutdown.</li>
 * </ul>
 * When a {@link BatchSpanProcessor} bean is defined elsewhere, this backs off and that
 * processor is used as it is.
 */
@AutoConfiguration(
		beforeName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
@ConditionalOnClass({ SdkTracerProvider.class, CompositeSpanExporter.class, SpanExporters.class })
@ConditionalOnObservabilityEnabled("export")
@EnableConfigurationProperties({ OpenTelemetryTracingProperties.class, OtlpProperties.class, SamplingProperties.class })
public final class ExportObservabilityAutoConfiguration {

	private static final String TRACES_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

	@Bean
	static ExportShutdown observabilityExportShutdown(OtlpProperties properties) {
		return new ExportShutdown(properties.getShutdownTimeout());
	}

	@Bean
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	static ExportTimers observabilityExportTimers() {
		return new ExportTimers();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(BatchSpanProcessor.class)
	@ConditionalOnEnabledOpenTelemetry
	static class SpanPipelineConfiguration {

		@Bean
		SpanExportPipeline observabilitySpanExportPipeline(OpenTelemetryTracingProperties tracing, OtlpProperties otlp,
				SpanExporters exporters, Environment environment) {
			return new SpanExportPipeline(tracing.getExport().getMaxQueueSize(),
					destination(environment.getProperty(TRACES_ENDPOINT), exporters.list()), otlp.getWarningInterval());
		}

		@Bean
		BatchSpanProcessor observabilitySpanProcessor(OpenTelemetryTracingProperties properties,
				SpanExporters exporters, ObjectProvider<SpanExportingPredicate> predicates,
				ObjectProvider<SpanReporter> reporters, ObjectProvider<SpanFilter> filters,
				ObjectProvider<MeterProvider> meterProvider, SpanExportPipeline pipeline,
				ObjectProvider<ExportTimers> timers) {
			SpanExporter exporter = spanExporter(exporters.list(), predicates.orderedStream().toList(),
					reporters.orderedStream().toList(), filters.orderedStream().toList());
			OpenTelemetryTracingProperties.Export export = properties.getExport();
			return BatchSpanProcessor
				.builder(new PipelineSpanExporter(exporter, pipeline, timers.getIfAvailable(ExportTimers::new)))
				.setExportUnsampledSpans(export.isIncludeUnsampled())
				.setExporterTimeout(export.getTimeout())
				.setMaxExportBatchSize(export.getMaxBatchSize())
				.setMaxQueueSize(export.getMaxQueueSize())
				.setScheduleDelay(export.getScheduleDelay())
				.setMeterProvider(
						() -> new BatchProcessorTelemetry(pipeline, meterProvider.getIfAvailable(MeterProvider::noop)))
				.setInternalTelemetryVersion(InternalTelemetryVersion.LATEST)
				.build();
		}

		@Bean
		PipelineSpanProcessor observabilityPipelineSpanProcessor(SpanExportPipeline pipeline,
				BatchSpanProcessor observabilitySpanProcessor, OpenTelemetryTracingProperties properties,
				ExportShutdown shutdown) {
			return new PipelineSpanProcessor(pipeline,
					(PipelineSpanExporter) observabilitySpanProcessor.getSpanExporter(),
					properties.getExport().isIncludeUnsampled(), shutdown);
		}

		@Bean
		@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
		SpanExportMeters observabilitySpanExportMeters(SpanExportPipeline pipeline) {
			return new SpanExportMeters(pipeline);
		}

	}

	/**
	 * Applies {@code observability.sampling.rules} around the application's sampler
	 * (Boot's {@code management.tracing.sampling.probability} by default).
	 * @param properties the sampling rules
	 * @return the post-processor
	 */
	@Bean
	static BeanPostProcessor observabilityPathRuleSampling(ObjectProvider<SamplingProperties> properties) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof Sampler sampler && !(bean instanceof PathRuleSampler)) {
					List<SamplingProperties.Rule> rules = properties.getObject().getRules();
					return rules.isEmpty() ? bean : new PathRuleSampler(sampler, rules);
				}
				return bean;
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(OtlpMetricsSender.class)
	static class MetricsPushConfiguration {

		@Bean
		static MetricsPushRecording observabilityMetricsPushRecording(ObjectProvider<ExportTimers> timers,
				ObjectProvider<ExportShutdown> shutdown) {
			return new MetricsPushRecording(timers, shutdown);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class HealthConfiguration {

		@Bean
		@ConditionalOnEnabledHealthIndicator("telemetry")
		TelemetryHealthIndicator telemetryHealthIndicator(ObjectProvider<SpanExportPipeline> pipeline,
				ObjectProvider<MetricsPushRecording> metrics, OtlpProperties properties) {
			MetricsPushRecording recording = metrics.getIfAvailable();
			return new TelemetryHealthIndicator(pipeline.getIfAvailable(),
					(recording != null) ? recording::recorder : () -> null, properties.getWarningInterval());
		}

	}

	/**
	 * Where spans go, for messages: the OTLP endpoint without user information, else the
	 * exporters' names.
	 */
	static String destination(@Nullable String endpoint, List<SpanExporter> exporters) {
		if (endpoint != null && !endpoint.isBlank()) {
			try {
				URI uri = new URI(endpoint.strip());
				return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
					.toString();
			}
			catch (URISyntaxException ex) {
				return "the OTLP endpoint";
			}
		}
		if (exporters.isEmpty()) {
			return "no exporter";
		}
		return exporters.stream().map((exporter) -> exporter.getClass().getSimpleName()).toList().toString();
	}

	/**
	 * Exporters without a copy: one exporter as it is, several through OpenTelemetry's
	 * own composite; Boot's composite only when a filter, reporter or predicate must see
	 * the spans.
	 */
	static SpanExporter spanExporter(List<SpanExporter> exporters, List<SpanExportingPredicate> predicates,
			List<SpanReporter> reporters, List<SpanFilter> filters) {
		if (predicates.isEmpty() && reporters.isEmpty() && filters.isEmpty()) {
			return SpanExporter.composite(exporters);
		}
		return new CompositeSpanExporter(exporters, predicates, reporters, filters);
	}

	/**
	 * The build information gauge. The application's version is that of Boot's
	 * {@code BuildProperties} (the {@code build-info} goal of Boot's build plugins), else
	 * the one Boot reads from the main class's jar manifest
	 * ({@code spring.application.version}).
	 * @param buildProperties Boot's build information, when the build wrote it
	 * @param environment the environment
	 * @return the binder
	 */
	@Bean
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	static BuildInfoMeterBinder buildInfoMeterBinder(ObjectProvider<BuildProperties> buildProperties,
			Environment environment) {
		BuildProperties build = buildProperties.getIfAvailable();
		return new BuildInfoMeterBinder((build != null && build.getVersion() != null) ? build.getVersion()
				: environment.getProperty("spring.application.version"));
	}

}
