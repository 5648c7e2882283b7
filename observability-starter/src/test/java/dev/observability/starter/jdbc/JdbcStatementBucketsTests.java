package dev.observability.starter.jdbc;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the starter's {@code db.client.operation.duration} buckets are a default
 * that Boot's {@code management.metrics.distribution.*} properties replace, on the
 * Prometheus registry that publishes them.
 */
class JdbcStatementBucketsTests {

	private static final String DURATION = JdbcObservationDocumentation.STATEMENT.getName();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				PrometheusMetricsExportAutoConfiguration.class, DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, JdbcObservabilityAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:buckets");

	@Test
	void statementTimerHasTheStartersBucketsByDefault() {
		this.runner.run((context) -> assertThat(bucketsInSeconds(statementTimer(context))).containsExactly(0.001, 0.005,
				0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0));
	}

	@Test
	void statementTimerHasTheBucketsOfTheStartersPropertyWhenSet() {
		this.runner.withPropertyValues("observability.jdbc.histogram-buckets=2ms,20ms")
			.run((context) -> assertThat(bucketsInSeconds(statementTimer(context))).containsExactly(0.002, 0.02));
	}

	@Test
	void bootsServiceLevelObjectivesForTheTimerWinOverTheStartersBuckets() {
		this.runner
			.withPropertyValues("management.metrics.distribution.slo.db.client.operation.duration=3ms,30ms,300ms",
					"observability.jdbc.histogram-buckets=2ms,20ms")
			.run((context) -> assertThat(bucketsInSeconds(statementTimer(context))).containsExactly(0.003, 0.03, 0.3));
	}

	@Test
	void bootsServiceLevelObjectivesForAParentNameWinOverTheStartersBuckets() {
		this.runner.withPropertyValues("management.metrics.distribution.slo.db=7ms")
			.run((context) -> assertThat(bucketsInSeconds(statementTimer(context))).containsExactly(0.007));
	}

	@Test
	void bootsPercentilesHistogramForTheTimerWinsOverTheStartersBuckets() {
		this.runner
			.withPropertyValues(
					"management.metrics.distribution.percentiles-histogram.db.client.operation.duration=true")
			.run((context) -> assertThat(bucketsInSeconds(statementTimer(context))).hasSizeGreaterThan(20)
				.doesNotContain(0.005));
	}

	@Test
	void bootsPercentilesHistogramSwitchedOffLeavesTheTimerWithoutBuckets() {
		this.runner.withPropertyValues("management.metrics.distribution.percentiles-histogram.all=false")
			.run((context) -> assertThat(bucketsInSeconds(statementTimer(context))).isEmpty());
	}

	private static Timer statementTimer(AssertableApplicationContext context) {
		context.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class);
		return context.getBean(MeterRegistry.class).get(DURATION).timer();
	}

	private static double[] bucketsInSeconds(Timer timer) {
		return Arrays.stream(timer.takeSnapshot().histogramCounts())
			.mapToDouble((bucket) -> bucket.bucket(TimeUnit.SECONDS))
			.toArray();
	}

}
