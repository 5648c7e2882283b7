package dev.observability.starter.export;

import java.util.List;

import dev.observability.starter.core.ConditionalOnObservabilityEnabled;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.exporter.SpanFilter;
import io.micrometer.tracing.exporter.SpanReporter;
import io.micrometer.tracing.otel.bridge.CompositeSpanExporter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessorBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.boot.opentelemetry.autoconfigure.ConditionalOnEnabledOpenTelemetry;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Supplies the {@link BatchSpanProcessor} that Boot's OpenTelemetry tracing
 * auto-configuration would otherwise build, without Micrometer Tracing's
 * {@link CompositeSpanExporter}. Boot wraps its span exporters in that composite, which
 * copies every finished span into a mutable span and back so that {@link SpanFilter},
 * {@link SpanReporter} and {@link SpanExportingPredicate} beans can see it; when no such
 * bean exists the copy buys nothing, so this processor hands spans straight to Boot's
 * {@link SpanExporters}. Boot's batch settings
 * ({@code management.opentelemetry.tracing.export.*}) and meter provider are applied as
 * Boot applies them. When any of those beans exists, or a {@link BatchSpanProcessor} bean
 * is defined elsewhere, this backs off and Boot's processor is used.
 */
@AutoConfiguration(
		beforeName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
@ConditionalOnClass({ SdkTracerProvider.class, CompositeSpanExporter.class, SpanExporters.class })
@ConditionalOnObservabilityEnabled("export")
@EnableConfigurationProperties(OpenTelemetryTracingProperties.class)
public final class ExportObservabilityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean({ BatchSpanProcessor.class, SpanFilter.class, SpanReporter.class,
			SpanExportingPredicate.class })
	@ConditionalOnEnabledOpenTelemetry
	BatchSpanProcessor observabilitySpanProcessor(OpenTelemetryTracingProperties properties, SpanExporters exporters,
			ObjectProvider<SpanExportingPredicate> predicates, ObjectProvider<SpanReporter> reporters,
			ObjectProvider<SpanFilter> filters, ObjectProvider<MeterProvider> meterProvider) {
		SpanExporter exporter = spanExporter(exporters.list(), predicates.orderedStream().toList(),
				reporters.orderedStream().toList(), filters.orderedStream().toList());
		OpenTelemetryTracingProperties.Export export = properties.getExport();
		BatchSpanProcessorBuilder builder = BatchSpanProcessor.builder(exporter)
			.setExportUnsampledSpans(export.isIncludeUnsampled())
			.setExporterTimeout(export.getTimeout())
			.setMaxExportBatchSize(export.getMaxBatchSize())
			.setMaxQueueSize(export.getMaxQueueSize())
			.setScheduleDelay(export.getScheduleDelay());
		meterProvider.ifAvailable(builder::setMeterProvider);
		return builder.build();
	}

	/**
	 * Exporters without a copy: one exporter as it is, several through OpenTelemetry's
	 * own composite. The bean condition sees only beans defined before this
	 * configuration; should a filter, reporter or predicate bean come from a later
	 * auto-configuration, Boot's composite is used so that it still applies.
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
