package dev.observability.starter.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HistogramBucketsTests {

	@Test
	void givesTheNamedTimerExactlyTheConfiguredBuckets() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config()
			.meterFilter(HistogramBuckets.forTimer("db.client.operation.duration",
					List.of(Duration.ofMillis(10), Duration.ofMillis(1), Duration.ofSeconds(1))));
		Timer timer = registry.timer("db.client.operation.duration");
		timer.record(Duration.ofMillis(5));
		double[] boundariesInSeconds = Arrays.stream(timer.takeSnapshot().histogramCounts())
			.mapToDouble((bucket) -> bucket.bucket(java.util.concurrent.TimeUnit.SECONDS))
			.toArray();
		assertThat(boundariesInSeconds).containsExactly(0.001, 0.01, 1.0);
		assertThat(timer.takeSnapshot().histogramCounts()).extracting(CountAtBucket::count)
			.containsExactly(0.0, 1.0, 1.0);
	}

	@Test
	void leavesOtherMetersAlone() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config()
			.meterFilter(HistogramBuckets.forTimer("db.client.operation.duration", List.of(Duration.ofMillis(10))));
		Timer other = registry.timer("http.server.request.duration");
		other.record(Duration.ofMillis(5));
		assertThat(other.takeSnapshot().histogramCounts()).isEmpty();
	}

	@Test
	void leavesATimerAloneWhoseServiceLevelObjectivesAnEarlierFilterSet() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(new MeterFilter() {

			@Override
			public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
				return DistributionStatisticConfig.builder()
					.serviceLevelObjectives(Duration.ofMillis(3).toNanos())
					.build()
					.merge(config);
			}

		});
		registry.config()
			.meterFilter(HistogramBuckets.forTimer("db.client.operation.duration", List.of(Duration.ofMillis(10))));
		Timer timer = registry.timer("db.client.operation.duration");
		assertThat(timer.takeSnapshot().histogramCounts())
			.extracting((bucket) -> bucket.bucket(java.util.concurrent.TimeUnit.MILLISECONDS))
			.containsExactly(3.0);
	}

}
