package dev.observability.starter.jobs;

import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Gives the thread pools among the application's {@code ExecutorService} beans the
 * {@code executor.*} meters (queue depth, active threads, pool size, completed tasks)
 * that Boot gives only to Spring's {@code ThreadPoolTaskExecutor} and
 * {@code ThreadPoolTaskScheduler} beans, under the same names and {@code name} tag, once
 * every bean exists.
 */
final class ExecutorServiceMetricsBinder implements SmartInitializingSingleton {

	private final ListableBeanFactory beanFactory;

	private final ObjectProvider<MeterRegistry> registry;

	ExecutorServiceMetricsBinder(ListableBeanFactory beanFactory, ObjectProvider<MeterRegistry> registry) {
		this.beanFactory = beanFactory;
		this.registry = registry;
	}

	@Override
	public void afterSingletonsInstantiated() {
		MeterRegistry registry = this.registry.getIfUnique();
		if (registry == null) {
			return;
		}
		Map<String, JobExecutorService> executors = this.beanFactory.getBeansOfType(JobExecutorService.class, false,
				false);
		executors.forEach((name, executor) -> {
			if (executor.delegate instanceof ThreadPoolExecutor pool) {
				new ExecutorServiceMetrics(pool, name, Collections.emptyList()).bindTo(registry);
			}
		});
	}

}
