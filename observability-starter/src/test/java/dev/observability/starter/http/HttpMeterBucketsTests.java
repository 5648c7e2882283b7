package dev.observability.starter.http;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the starter's HTTP duration and body-size buckets are a default that Boot's
 * {@code management.metrics.distribution.*} properties replace.
 */
class HttpMeterBucketsTests {

	private static final String DURATION = HttpObservationDocumentation.HTTP_SERVER_REQUEST.getName();

	private static final String REQUEST_BODY_SIZE = HttpBodySizeMeterDocumentation.REQUEST_BODY_SIZE.getName();

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				PrometheusMetricsExportAutoConfiguration.class, WebMvcObservationAutoConfiguration.class,
				HttpObservabilityAutoConfiguration.class));

	@Test
	void durationAndBodySizesHaveTheStartersBucketsByDefault() {
		this.runner.run((context) -> {
			assertThat(durationBucketsInSeconds(context)).containsExactly(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25,
					0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
			assertThat(requestBodySizeBuckets(context)).containsExactly(100.0, 1024.0, 10240.0, 102400.0, 1048576.0,
					10485760.0);
		});
	}

	@Test
	void bootsServiceLevelObjectivesWinOverTheStartersBuckets() {
		this.runner
			.withPropertyValues("management.metrics.distribution.slo.http.server.request.duration=40ms,400ms",
					"management.metrics.distribution.slo.http.server.request.body.size=2048")
			.run((context) -> {
				assertThat(durationBucketsInSeconds(context)).containsExactly(0.04, 0.4);
				assertThat(requestBodySizeBuckets(context)).containsExactly(2048.0);
			});
	}

	@Test
	void bootsPercentilesHistogramSwitchedOffWinsOverTheStartersBuckets() {
		this.runner.withPropertyValues("management.metrics.distribution.percentiles-histogram.http=false")
			.run((context) -> {
				assertThat(durationBucketsInSeconds(context)).isEmpty();
				assertThat(requestBodySizeBuckets(context)).isEmpty();
			});
	}

	private static double[] durationBucketsInSeconds(AssertableWebApplicationContext context) {
		Timer timer = context.getBean(MeterRegistry.class).timer(DURATION);
		return Arrays.stream(timer.takeSnapshot().histogramCounts())
			.mapToDouble((bucket) -> bucket.bucket(TimeUnit.SECONDS))
			.toArray();
	}

	private static double[] requestBodySizeBuckets(AssertableWebApplicationContext context) {
		DistributionSummary summary = context.getBean(MeterRegistry.class).summary(REQUEST_BODY_SIZE);
		return Arrays.stream(summary.takeSnapshot().histogramCounts()).mapToDouble(CountAtBucket::bucket).toArray();
	}

}
