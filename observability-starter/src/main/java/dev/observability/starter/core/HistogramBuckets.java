package dev.observability.starter.core;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Meter filters that give one meter explicit histogram bucket boundaries, so that a
 * Prometheus scrape shows exactly the {@code le} buckets a property lists (and not
 * Micrometer's 70-odd percentile-histogram buckets).
 * <p>
 * They are defaults only: a meter whose configuration already has service level
 * objectives or a percentile-histogram setting when the filter sees it, for example from
 * Boot's {@code management.metrics.distribution.slo.*} or
 * {@code management.metrics.distribution.percentiles-histogram.*} (whose filter comes
 * first, at order 0), is left exactly as configured.
 */
public final class HistogramBuckets {

	private HistogramBuckets() {
	}

	/**
	 * Filter that sets the bucket boundaries of the timer called {@code meterName}.
	 * @param meterName the timer's name, e.g. {@code db.client.operation.duration}
	 * @param boundaries upper bounds of the buckets
	 * @return the filter
	 */
	public static MeterFilter forTimer(String meterName, List<Duration> boundaries) {
		double[] nanos = boundaries.stream().mapToDouble(Duration::toNanos).sorted().distinct().toArray();
		return forName(meterName, nanos);
	}

	/**
	 * Filter that sets the bucket boundaries of the distribution summary called
	 * {@code meterName}.
	 * @param meterName the summary's name, e.g. {@code http.server.request.body.size}
	 * @param boundaries upper bounds of the buckets, in the summary's base unit
	 * @return the filter
	 */
	public static MeterFilter forSummary(String meterName, double... boundaries) {
		return forName(meterName, boundaries.clone());
	}

	/**
	 * Filter that gives one family of a shared timer its own bucket boundaries: the
	 * timers called {@code meterName} whose tag {@code tagKey} is {@code tagValue} (Redis
	 * commands among the {@code db.client.operation.duration} timers). Declare it ordered
	 * before the filter of the whole name, which then leaves these timers alone.
	 * @param meterName the timer's name
	 * @param tagKey the tag that tells the family apart
	 * @param tagValue the family's value of that tag
	 * @param boundaries the bucket upper bounds
	 * @return the filter
	 */
	public static MeterFilter forTimer(String meterName, String tagKey, String tagValue, List<Duration> boundaries) {
		double[] nanos = boundaries.stream().mapToDouble(Duration::toNanos).sorted().distinct().toArray();
		return forName(meterName, nanos, (id) -> tagValue.equals(id.getTag(tagKey)));
	}

	private static MeterFilter forName(String meterName, double[] boundaries) {
		return forName(meterName, boundaries, (id) -> true);
	}

	private static MeterFilter forName(String meterName, double[] boundaries, Predicate<Meter.Id> family) {
		DistributionStatisticConfig buckets = DistributionStatisticConfig.builder()
			.percentilesHistogram(false)
			.serviceLevelObjectives(boundaries)
			.build();
		return new MeterFilter() {

			@Override
			public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
				if (!meterName.equals(id.getName()) || !family.test(id) || isConfigured(config)) {
					return config;
				}
				return buckets.merge(config);
			}

		};
	}

	private static boolean isConfigured(DistributionStatisticConfig config) {
		return config.isPercentileHistogram() != null || config.getServiceLevelObjectiveBoundaries() != null;
	}

}
