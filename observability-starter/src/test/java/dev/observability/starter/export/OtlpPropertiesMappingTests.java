package dev.observability.starter.export;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code observability.otlp.*} block becomes Boot's trace, metric and log export
 * properties, which win when set, and Boot's metrics push stays off without a
 * destination.
 */
class OtlpPropertiesMappingTests {

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void switchesOtlpMetricsPushOffWhenNoDestinationIsConfigured() {
		postProcess();
		assertThat(this.environment.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("false");
	}

	@Test
	void leavesBootAloneWhenAnUrlIsConfigured() {
		this.environment.setProperty("management.otlp.metrics.export.url", "http://collector:4318/v1/metrics");
		postProcess();
		assertThat(this.environment.getProperty("management.otlp.metrics.export.enabled")).isNull();
	}

	@Test
	void leavesBootAloneWhenTheStandardOtelVariableIsSet() {
		this.environment.setProperty("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
		postProcess();
		assertThat(this.environment.getProperty("management.otlp.metrics.export.enabled")).isNull();
	}

	@Test
	void anExplicitSettingWins() {
		this.environment.setProperty("management.otlp.metrics.export.enabled", "true");
		postProcess();
		assertThat(this.environment.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("true");
	}

	@Test
	void changesNothingWhenTheStarterIsSwitchedOff() {
		this.environment.setProperty("observability.enabled", "false");
		postProcess();
		assertThat(this.environment.getProperty("management.otlp.metrics.export.enabled")).isNull();
	}

	@Test
	void changesNothingWhenTheExportAreaIsSwitchedOff() {
		this.environment.setProperty("observability.export.enabled", "false");
		postProcess();
		assertThat(this.environment.getProperty("management.otlp.metrics.export.enabled")).isNull();
	}

	@Test
	void theExportAreaSwitchWinsOverTheGlobalOne() {
		this.environment.setProperty("observability.enabled", "false");
		this.environment.setProperty("observability.export.enabled", "true");
		postProcess();
		assertThat(this.environment.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("false");
	}

	@Test
	void theEndpointSendsTracesAndMetricsToTheCollectorsSignalPaths() {
		this.environment.setProperty("observability.otlp.endpoint", "https://collector.example.com:4318/otlp/");
		postProcess();
		assertThat(this.environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
			.isEqualTo("https://collector.example.com:4318/otlp/v1/traces");
		assertThat(this.environment.getProperty("management.otlp.metrics.export.url"))
			.isEqualTo("https://collector.example.com:4318/otlp/v1/metrics");
		assertThat(this.environment.getProperty("management.otlp.metrics.export.enabled")).isNull();
		assertThat(this.environment.getProperty("management.opentelemetry.logging.export.otlp.endpoint")).isNull();
	}

	@Test
	void logsFollowWhenEnabled() {
		this.environment.setProperty("observability.otlp.endpoint", "http://collector:4318");
		this.environment.setProperty("observability.otlp.logs.enabled", "true");
		this.environment.setProperty("observability.otlp.compression", "gzip");
		postProcess();
		assertThat(this.environment.getProperty("management.opentelemetry.logging.export.otlp.endpoint"))
			.isEqualTo("http://collector:4318/v1/logs");
		assertThat(this.environment.getProperty("management.opentelemetry.logging.export.otlp.compression"))
			.isEqualTo("gzip");
	}

	@Test
	void headersTokenCompressionAndTimeoutApplyToEverySignal() {
		this.environment.setProperty("observability.otlp.endpoint", "http://collector:4318");
		this.environment.setProperty("observability.otlp.headers.X-Scope-OrgID", "tenant-1");
		this.environment.setProperty("observability.otlp.bearer-token", "abc");
		this.environment.setProperty("observability.otlp.compression", "GZIP");
		this.environment.setProperty("observability.otlp.timeout", "3s");
		this.environment.setProperty("observability.otlp.logs.enabled", "true");
		postProcess();
		Binder binder = Binder.get(this.environment);
		for (String headers : List.of("management.opentelemetry.tracing.export.otlp.headers",
				"management.otlp.metrics.export.headers", "management.opentelemetry.logging.export.otlp.headers")) {
			assertThat(binder.bind(headers, Bindable.mapOf(String.class, String.class)).get())
				.containsExactlyInAnyOrderEntriesOf(Map.of("X-Scope-OrgID", "tenant-1", "Authorization", "Bearer abc"));
		}
		assertThat(binder.bind("management.opentelemetry.tracing.export.otlp.timeout", Duration.class).get())
			.isEqualTo(Duration.ofSeconds(3));
		assertThat(binder.bind("management.otlp.metrics.export.read-timeout", Duration.class).get())
			.isEqualTo(Duration.ofSeconds(3));
		assertThat(this.environment.getProperty("management.opentelemetry.tracing.export.otlp.compression"))
			.isEqualTo("gzip");
		assertThat(this.environment.getProperty("management.otlp.metrics.export.compression-mode")).isEqualTo("gzip");
	}

	@Test
	void bootsPropertiesWinWhenSetExplicitly() {
		this.environment.setProperty("observability.otlp.endpoint", "http://collector:4318");
		this.environment.setProperty("management.opentelemetry.tracing.export.otlp.endpoint", "http://traces:4318/t");
		this.environment.setProperty("management.opentelemetry.tracing.export.max-queue-size", "100");
		postProcess();
		assertThat(this.environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
			.isEqualTo("http://traces:4318/t");
		assertThat(this.environment.getProperty("management.otlp.metrics.export.url"))
			.isEqualTo("http://collector:4318/v1/metrics");
		assertThat(this.environment.getProperty("management.opentelemetry.tracing.export.max-queue-size"))
			.isEqualTo("100");
	}

	@Test
	void theStartersBatchSettingsReplaceBootsDefaults() {
		postProcess();
		Binder binder = Binder.get(this.environment);
		assertThat(binder.bind("management.opentelemetry.tracing.export.max-queue-size", Integer.class).get())
			.isEqualTo(16384);
		assertThat(binder.bind("management.opentelemetry.tracing.export.max-batch-size", Integer.class).get())
			.isEqualTo(8192);
		assertThat(binder.bind("management.opentelemetry.tracing.export.schedule-delay", Duration.class).get())
			.isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void invalidValuesAreNotHandedToBoot() {
		this.environment.setProperty("observability.otlp.endpoint", "collector:4318");
		this.environment.setProperty("observability.otlp.spans.max-queue-size", "many");
		postProcess();
		assertThat(this.environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint")).isNull();
		assertThat(this.environment.getProperty("management.opentelemetry.tracing.export.max-queue-size")).isNull();
		assertThat(this.environment.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("false");
	}

	private void postProcess() {
		OtlpPropertiesMapping.apply(this.environment);
	}

}
