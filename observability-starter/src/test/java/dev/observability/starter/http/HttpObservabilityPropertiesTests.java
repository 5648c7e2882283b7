package dev.observability.starter.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class HttpObservabilityPropertiesTests {

	@Test
	void failsStartupOnANonPositiveHistogramBucketNamingPropertyValueAndRange(CapturedOutput output) {
		start("--observability.http.histogram-buckets=5ms,0s");
		assertThat(output).contains("Property: observability.http.histogram-buckets", "Value: \"5ms,0s\"",
				"Origin: \"observability.http.histogram-buckets\" from property source \"commandLineArgs\"",
				"Allowed: must list one or more durations greater than zero, such as 5ms,100ms,1s");
	}

	@Test
	void aListWrittenOneItemPerIndexIsEchoedAsTypedWithWhereItWasSet(CapturedOutput output) {
		start("--observability.http.histogram-buckets[0]=5ms", "--observability.http.histogram-buckets[1]=-5ms");
		assertThat(output)
			.contains("Property: observability.http.histogram-buckets", "Value: \"5ms,-5ms\"",
					"Origin: \"observability.http.histogram-buckets[0]\" from property source \"commandLineArgs\"")
			.doesNotContain("PT-0.005S");
	}

	@Test
	void failsStartupOnABucketSoLongItWouldOverflowInsteadOfCrashingLater(CapturedOutput output) {
		start("--observability.http.histogram-buckets=5ms,1000000d");
		assertThat(output)
			.contains("Property: observability.http.histogram-buckets",
					"Allowed: must list durations of at most 365d (longer ones overflow)")
			.doesNotContain("long overflow");
	}

	@Test
	void failsStartupOnAnExcludePatternThatIsNoPathPattern(CapturedOutput output) {
		start("--observability.http.exclude-patterns=internal/**");
		assertThat(output).contains("Property: observability.http.exclude-patterns",
				"Allowed: must list Spring path patterns starting with '/', such as /internal/**, but has 'internal/**'");
	}

	@Test
	void failsStartupOnANonPositiveBodySizeBucket(CapturedOutput output) {
		start("--observability.http.body-sizes.buckets=0B");
		assertThat(output).contains("Property: observability.http.body-sizes.buckets", "Value: \"0B\"",
				"Allowed: must list one or more sizes greater than zero, such as 100B,1KB,1MB");
	}

	@Test
	void failsStartupOnATraceHeaderNameThatIsNoHeaderName(CapturedOutput output) {
		start("--observability.http.trace-header.name=X Trace:Id");
		assertThat(output).contains("Property: observability.http.trace-header.name", "X Trace:Id",
				"must be an HTTP header name");
	}

	private static void start(String... args) {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(PropertiesConfiguration.class).web(WebApplicationType.NONE)
				.run(args)
				.close());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(HttpObservabilityProperties.class)
	static class PropertiesConfiguration {

	}

}
