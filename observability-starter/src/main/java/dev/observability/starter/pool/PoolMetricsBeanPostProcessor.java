package dev.observability.starter.pool;

import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.DataSourceUnwrapper;

import dev.observability.starter.core.HookFailures;

/**
 * Gives every HikariCP pool the starter's metrics tracker ({@link PoolMetrics}) as its
 * DataSource bean is created, before the pool starts and before Boot's Hikari meter
 * binder, which leaves a pool that already has a tracker alone: one source of truth, no
 * {@code hikaricp.*} twin. A pool with a tracker or metric registry of its own keeps it.
 */
final class PoolMetricsBeanPostProcessor implements BeanPostProcessor {

	static final String HOOK = "pool.metrics";

	private static final Log logger = LogFactory.getLog(PoolMetricsBeanPostProcessor.class);

	private final Supplier<PoolMetrics> metrics;

	private final Supplier<HookFailures> failures;

	PoolMetricsBeanPostProcessor(Supplier<PoolMetrics> metrics, Supplier<HookFailures> failures) {
		this.metrics = metrics;
		this.failures = failures;
	}

	/**
	 * Saturation of the pools this post-processor equipped.
	 * @return the saturation
	 */
	PoolSaturation saturation() {
		return this.metrics.get().saturation();
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof javax.sql.DataSource dataSource) {
			try {
				HikariDataSource pool = DataSourceUnwrapper.unwrap(dataSource, HikariDataSource.class);
				if (pool != null && pool.getMetricsTrackerFactory() == null && pool.getMetricRegistry() == null
						&& pool.getHikariPoolMXBean() == null) {
					pool.setMetricsTrackerFactory(this.metrics.get());
				}
			}
			catch (RuntimeException | LinkageError ex) {
				logger.debug("Pool of DataSource '" + beanName + "' keeps its own metrics", ex);
				this.failures.get().record(HOOK, ex);
			}
		}
		return bean;
	}

}
