package dev.observability.starter.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Misspelled keys under {@code observability.*}, which Boot would ignore silently.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnknownPropertiesCheckTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservabilityAutoConfiguration.class));

	@Test
	void aMisspelledKeyIsReportedWithTheClosestKnownProperty(CapturedOutput output) {
		this.runner
			.withPropertyValues("observability.jdbc.enable=false", "observability.http.exclude-pattern=/internal/**")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains(
				"'observability.jdbc.enable' (\"observability.jdbc.enable\" from property source \"test\") is not a property of the starter; did you mean 'observability.jdbc.enabled'? It is ignored.",
				"'observability.http.exclude-pattern'", "did you mean 'observability.http.exclude-patterns'?");
	}

	@Test
	void knownPropertiesInAnyOfBootsRelaxedFormsAreNotReported(CapturedOutput output) {
		this.runner
			.withPropertyValues("observability.jdbc.slowQuery.threshold=2s",
					"observability.jobs.histogram-buckets[0]=1s", "observability.jobs.histogram-buckets[1]=5s",
					"observability.redis.key-patterns=session:*", "observability.trace-log.enabled=true",
					"observability.unknown-properties=warn", "observability.otlp.headers.X-Scope-OrgID=tenant-1")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("is not a property of the starter");
	}

	@Test
	void unknownPropertiesCanFailStartup() {
		this.runner.withPropertyValues("observability.unknown-properties=fail", "observability.jobs.max-name=5")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("'observability.jobs.max-name'")
				.hasMessageContaining("did you mean 'observability.jobs.max-names'?"));
	}

	@Test
	void unknownPropertiesCanBeIgnored(CapturedOutput output) {
		this.runner.withPropertyValues("observability.unknown-properties=ignore", "observability.jdbc.enable=false")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("is not a property of the starter");
	}

}
