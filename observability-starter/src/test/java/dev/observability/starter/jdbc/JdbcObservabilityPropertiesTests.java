package dev.observability.starter.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for the validation of {@link JdbcObservabilityProperties}: a bad value fails
 * startup with a report that names the property, the value and what is allowed.
 */
@ExtendWith(OutputCaptureExtension.class)
class JdbcObservabilityPropertiesTests {

	@Test
	void analysisCacheSizeOutOfRangeFailsStartup(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("--observability.jdbc.analysis-cache-size=1KB"));
		assertThat(output).contains("Property: observability.jdbc.analysis-cache-size", "Value: \"1KB\"",
				"Allowed: must be a size between 64KB and 256MB");
	}

	@Test
	void maxQueryTextLengthOutOfRangeFailsStartup(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("--observability.jdbc.max-query-text-length=10"));
		assertThat(output).contains("Property: observability.jdbc.max-query-text-length", "Value: \"10\"",
				"Allowed: must be between 64 and 1048576");
	}

	@Test
	void nonPositiveHistogramBucketFailsStartup(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("--observability.jdbc.histogram-buckets=5ms,0s"));
		assertThat(output).contains("Property: observability.jdbc.histogram-buckets", "Value: \"5ms,0s\"",
				"Allowed: must list one or more durations greater than zero, such as 5ms,100ms,1s");
	}

	@Test
	void findingThresholdBelowTwoFailsStartup(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("--observability.jdbc.findings.threshold=1"));
		assertThat(output).contains("Property: observability.jdbc.findings.threshold", "Value: \"1\"",
				"Allowed: must be between 2 and 100000");
	}

	@Test
	void excludedStatementThatIsNoRegularExpressionFailsStartup(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("--observability.jdbc.findings.excluded-statements=select (*"));
		assertThat(output).contains("Property: observability.jdbc.findings.excluded-statements",
				"Allowed: must list regular expressions; 'select (*' is not one");
	}

	@Test
	void nonPositiveSlowQueryThresholdFailsStartup(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("--observability.jdbc.slow-query.threshold=0ms"));
		assertThat(output).contains("Property: observability.jdbc.slow-query.threshold", "Value: \"0ms\"",
				"Allowed: must be a duration greater than zero, for example 1s");
	}

	private static void start(String... args) {
		SpringApplication application = new SpringApplication(PropertiesConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.run(args).close();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(JdbcObservabilityProperties.class)
	static class PropertiesConfiguration {

	}

}
