package dev.observability.starter.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import dev.observability.starter.core.UnitOfWork;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a job ends, the pool thread that ran it carries nothing of it: no current span,
 * observation, unit of work or MDC trace id, checked on the thread itself right after
 * each of 10,000 tasks (and before each), on a Spring pool and a JDK pool.
 */
class JobContextLeakTests {

	private static final int TASKS = 10_000;

	private static ConfigurableApplicationContext context;

	private static final Queue<String> leaks = new ConcurrentLinkedQueue<>();

	@BeforeAll
	static void start() {
		context = JobsTestApplication.run(WebApplicationType.NONE, new Class<?>[] { CheckedPools.class },
				"--logging.level.org.springframework.scheduling=off");
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void tenThousandPooledTasksLeaveNoContextOnTheirThreads() throws Exception {
		ThreadPoolTaskExecutor spring = context.getBean("checkedSpringPool", ThreadPoolTaskExecutor.class);
		ExecutorService jdk = context.getBean("checkedJdkPool", ExecutorService.class);
		assertThat(jdk).isInstanceOf(JobExecutorService.class);
		List<Future<?>> futures = new ArrayList<>();
		List<Throwable> unexpected = new ArrayList<>();
		JobsTestApplication.inScenario(context, () -> {
			for (int i = 0; i < TASKS; i++) {
				boolean fails = i % 10 == 0;
				Runnable task = () -> {
					if (!Span.current().getSpanContext().isValid() || MDC.get("traceId") == null) {
						leaks.add("a task ran without its job's span or trace id");
					}
					if (fails) {
						throw new IllegalStateException("task failed");
					}
				};
				futures.add((i % 2 == 0) ? spring.submit(task) : jdk.submit(task));
			}
		});
		for (Future<?> future : futures) {
			try {
				future.get(30, TimeUnit.SECONDS);
			}
			catch (java.util.concurrent.ExecutionException ex) {
				if (!(ex.getCause() instanceof IllegalStateException)) {
					unexpected.add(ex);
				}
			}
		}
		assertThat(unexpected).isEmpty();
		assertThat(leaks).isEmpty();
		assertThat(JobsTestApplication.spans(context).getFinishedSpanItems())
			.filteredOn((span) -> span.getName().startsWith("job "))
			.hasSize(TASKS);
	}

	static void check(String when, ObservationRegistry registry) {
		if (Span.current().getSpanContext().isValid()) {
			leaks.add(when + ": current span " + Span.current());
		}
		if (registry.getCurrentObservation() != null) {
			leaks.add(when + ": current observation " + registry.getCurrentObservation());
		}
		if (MDC.get("traceId") != null || MDC.get("spanId") != null) {
			leaks.add(when + ": MDC trace id " + MDC.get("traceId"));
		}
		if (UnitOfWork.current() != null) {
			leaks.add(when + ": unit of work " + UnitOfWork.current());
		}
		if (JobRun.current() != null) {
			leaks.add(when + ": job run");
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class CheckedPools {

		@Bean
		ThreadPoolTaskExecutor checkedSpringPool(ObservationRegistry registry) {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor() {

				@Override
				protected void beforeExecute(Thread thread, Runnable task) {
					check("before a task on " + thread.getName(), registry);
				}

				@Override
				protected void afterExecute(Runnable task, Throwable ex) {
					check("after a task on " + Thread.currentThread().getName(), registry);
				}

			};
			executor.setCorePoolSize(4);
			executor.setMaxPoolSize(4);
			executor.setQueueCapacity(TASKS);
			return executor;
		}

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService checkedJdkPool(ObservationRegistry registry) {
			return new ThreadPoolExecutor(4, 4, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>()) {

				@Override
				protected void beforeExecute(Thread thread, Runnable task) {
					check("before a task on " + thread.getName(), registry);
				}

				@Override
				protected void afterExecute(Runnable task, Throwable ex) {
					check("after a task on " + Thread.currentThread().getName(), registry);
				}

			};
		}

	}

}
