package dev.observability.starter.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.pool.PoolMeterDocumentation.PoolKeyNames;

/**
 * HikariCP's metrics tracker for one application: records every pool under the
 * {@code db.client.connection.*} names and feeds {@link PoolSaturation}, which the pool
 * health contributor reads. Gauges read HikariCP's own {@link PoolStats} (refreshed by
 * HikariCP at most once a second); timers get the histogram buckets of
 * {@code db.client.operation.duration}'s OpenTelemetry advice.
 */
final class PoolMetrics implements MetricsTrackerFactory {

	private static final Duration[] BUCKETS = { Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
			Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
			Duration.ofSeconds(5), Duration.ofSeconds(10) };

	private final Supplier<@Nullable MeterRegistry> registry;

	private final PoolSaturation saturation;

	/**
	 * Create the tracker factory.
	 * @param registry the meter registry, resolved when a pool starts (not when its bean
	 * is created, which may be before the registry exists)
	 * @param saturation where the pools' saturation is kept
	 */
	PoolMetrics(Supplier<@Nullable MeterRegistry> registry, PoolSaturation saturation) {
		this.registry = registry;
		this.saturation = saturation;
	}

	PoolSaturation saturation() {
		return this.saturation;
	}

	@Override
	public IMetricsTracker create(String poolName, PoolStats stats) {
		PoolSaturation.Pool saturation = this.saturation.register(poolName, stats);
		MeterRegistry registry = this.registry.get();
		if (registry == null) {
			return new IMetricsTracker() {

				@Override
				public void recordConnectionAcquiredNanos(long nanos) {
					saturation.waited(nanos);
				}

				@Override
				public void recordConnectionTimeout() {
					saturation.timedOut();
				}

				@Override
				public void close() {
					saturation.close();
				}

			};
		}
		Tags pool = Tags.of(PoolKeyNames.POOL_NAME.asString(), poolName);
		List<Meter> meters = new ArrayList<>();
		meters.add(gauge(registry, PoolMeterDocumentation.COUNT, pool.and(PoolKeyNames.STATE.asString(), "idle"), stats,
				PoolStats::getIdleConnections));
		meters.add(gauge(registry, PoolMeterDocumentation.COUNT, pool.and(PoolKeyNames.STATE.asString(), "used"), stats,
				PoolStats::getActiveConnections));
		meters.add(gauge(registry, PoolMeterDocumentation.MAX, pool, stats, PoolStats::getMaxConnections));
		meters.add(gauge(registry, PoolMeterDocumentation.IDLE_MIN, pool, stats, PoolStats::getMinConnections));
		meters.add(gauge(registry, PoolMeterDocumentation.PENDING_REQUESTS, pool, stats, PoolStats::getPendingThreads));
		Counter timeouts = Counter.builder(PoolMeterDocumentation.TIMEOUTS.getName())
			.description(PoolMeterDocumentation.TIMEOUTS.getDescription())
			.tags(pool)
			.register(registry);
		Timer createTime = timer(registry, PoolMeterDocumentation.CREATE_TIME, pool);
		Timer waitTime = timer(registry, PoolMeterDocumentation.WAIT_TIME, pool);
		Timer useTime = timer(registry, PoolMeterDocumentation.USE_TIME, pool);
		meters.addAll(List.of(timeouts, createTime, waitTime, useTime));
		return new Tracker(registry, meters, timeouts, createTime, waitTime, useTime, saturation);
	}

	private static Gauge gauge(MeterRegistry registry, PoolMeterDocumentation meter, Tags tags, PoolStats stats,
			ToDoubleFunction<PoolStats> value) {
		return Gauge.builder(meter.getName(), stats, value)
			.description(meter.getDescription())
			.tags(tags)
			.register(registry);
	}

	private static Timer timer(MeterRegistry registry, PoolMeterDocumentation meter, Tags tags) {
		return Timer.builder(meter.getName())
			.description(meter.getDescription())
			.tags(tags)
			.serviceLevelObjectives(BUCKETS)
			.register(registry);
	}

	/**
	 * What HikariCP calls for one pool.
	 */
	private static final class Tracker implements IMetricsTracker {

		private final MeterRegistry registry;

		private final List<Meter> meters;

		private final Counter timeouts;

		private final Timer createTime;

		private final Timer waitTime;

		private final Timer useTime;

		private final PoolSaturation.Pool saturation;

		Tracker(MeterRegistry registry, List<Meter> meters, Counter timeouts, Timer createTime, Timer waitTime,
				Timer useTime, PoolSaturation.Pool saturation) {
			this.registry = registry;
			this.meters = meters;
			this.timeouts = timeouts;
			this.createTime = createTime;
			this.waitTime = waitTime;
			this.useTime = useTime;
			this.saturation = saturation;
		}

		@Override
		public void recordConnectionCreatedMillis(long millis) {
			this.createTime.record(millis, TimeUnit.MILLISECONDS);
		}

		@Override
		public void recordConnectionAcquiredNanos(long nanos) {
			this.waitTime.record(nanos, TimeUnit.NANOSECONDS);
			this.saturation.waited(nanos);
		}

		@Override
		public void recordConnectionUsageMillis(long millis) {
			this.useTime.record(millis, TimeUnit.MILLISECONDS);
		}

		@Override
		public void recordConnectionTimeout() {
			this.timeouts.increment();
			this.saturation.timedOut();
		}

		@Override
		public void close() {
			this.meters.forEach(this.registry::remove);
			this.saturation.close();
		}

	}

}
