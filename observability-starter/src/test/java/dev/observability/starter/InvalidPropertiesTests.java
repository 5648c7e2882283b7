package dev.observability.starter;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import dev.observability.starter.export.OtlpProperties;
import dev.observability.starter.export.SamplingProperties;
import dev.observability.starter.http.HttpObservabilityProperties;
import dev.observability.starter.jdbc.JdbcObservabilityProperties;
import dev.observability.starter.jobs.JobsObservabilityProperties;
import dev.observability.starter.pool.PoolObservabilityProperties;
import dev.observability.starter.redis.RedisObservabilityProperties;
import dev.observability.starter.service.ServiceObservabilityProperties;
import dev.observability.starter.tracelog.TraceLogProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Every invalid value of an {@code observability.*} property stops startup with one
 * message: the property, the value as typed, where it was set, and what is allowed —
 * never a stack trace that names no property.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidPropertiesTests {

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|',
			textBlock = """
							observability.http.histogram-buckets        | 5ms,0s              | durations greater than zero
							observability.http.histogram-buckets        | 1000000d            | at most 365d
							observability.http.exclude-patterns         | internal/**         | Spring path patterns starting with '/'
							observability.http.body-sizes.buckets       | 0B                  | sizes greater than zero
							observability.http.trace-header.name        | X Trace             | an HTTP header name
							observability.jdbc.histogram-buckets        | -5ms                | durations greater than zero
							observability.jdbc.max-query-text-length    | 10                  | between 64 and
							observability.jdbc.findings.threshold       | 1                   | between 2 and 100000
							observability.jdbc.slow-query.threshold     | 0ms                 | a duration greater than zero
							observability.jdbc.slow-query.threshold     | 1000000d            | at most 365d
							observability.jobs.max-names                | 0                   | between 1 and 10000
							observability.jobs.scheduled.stale-after-periods | 0.5            | from 1 to 1000
							observability.jobs.histogram-buckets        | 1s,-5ms             | durations greater than zero
							observability.redis.key-patterns            | user:[0-9]*         | only literal text with *
							observability.redis.histogram-buckets       | 0s                  | durations greater than zero
							observability.pool.warm-up.timeout          | 0s                  | a duration greater than zero
							observability.pool.health.window            | -1m                 | a duration greater than zero
							observability.trace-log.min-duration        | 1000000000d         | at most 365d
							observability.trace-log.min-duration        | -1s                 | zero or positive
							observability.trace-log.max-pending-traces  | 0                   | between 1 and 100000
							observability.trace-log.max-spans-per-trace | 100001              | between 1 and 100000
							observability.otlp.endpoint                 | collector:4318      | the scheme must be http or https
							observability.otlp.endpoint                 | http://collector:4318/v1/traces | leave it out
							observability.otlp.compression              | zip                 | none or gzip
							observability.otlp.timeout                  | 0s                  | a duration greater than zero
							observability.otlp.shutdown-timeout         | 1000000d            | at most 365d
							observability.otlp.spans.max-batch-size     | 100000              | between 1 and spans.max-queue-size (16384)
							observability.otlp.spans.max-queue-size     | 0                   | between 1 and 1000000
							observability.otlp.bearer-token             | ' '                 | must not be blank
					observability.sampling.rules[0].probability | 1.5                 | from 0 (record none) to 1
					observability.sampling.rules[0].path        | api/**              | starting with '/'
							observability.service.include               | com.example.Bad-Name | class name patterns
							""")
	void failsStartupNamingThePropertyTheValueAsTypedItsOriginAndWhatIsAllowed(String property, String value,
			String allowed, CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(AllProperties.class).web(WebApplicationType.NONE)
				.run("--" + property + "=" + value)
				.close());
		assertThat(output).contains("Invalid observability configuration:", "    Property: " + property + "\n",
				"    Value: \"" + value + "\"\n",
				"    Origin: \"" + property + "\" from property source \"commandLineArgs\"\n", "    Allowed: ",
				allowed);
		assertThat(output).doesNotContain("long overflow");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ HttpObservabilityProperties.class, JdbcObservabilityProperties.class,
			JobsObservabilityProperties.class, RedisObservabilityProperties.class, PoolObservabilityProperties.class,
			TraceLogProperties.class, ServiceObservabilityProperties.class, OtlpProperties.class,
			SamplingProperties.class })
	static class AllProperties {

	}

}
