package dev.observability.starter.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;

import dev.observability.starter.core.CapturedSpansConfiguration;
import dev.observability.starter.core.OpenSpans;
import dev.observability.starter.core.CapturedSpansConfiguration.CapturedSpans;

/**
 * A Boot application with every auto-configuration on the test class path, an H2
 * database, {@code @Async} beans and executors of each kind the starter instruments.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableAsync
@EnableResilientMethods
@Import({ CapturedSpansConfiguration.class, JobsTestApplication.Components.class })
class JobsTestApplication {

	static ConfigurableApplicationContext run(String... extraArgs) {
		return run(WebApplicationType.NONE, new Class<?>[0], extraArgs);
	}

	static ConfigurableApplicationContext run(WebApplicationType web, Class<?>[] extraSources, String... extraArgs) {
		List<String> args = new ArrayList<>(List.of("--management.tracing.sampling.probability=1.0",
				"--spring.main.banner-mode=off", "--management.otlp.metrics.export.enabled=false",
				"--spring.application.name=jobs-test", "--spring.task.execution.mode=force",
				"--spring.datasource.url=jdbc:h2:mem:jobs-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
				"--spring.jpa.hibernate.ddl-auto=none", "--server.port=0"));
		for (String extra : extraArgs) {
			String key = extra.substring(0, extra.indexOf('=') + 1);
			args.removeIf((arg) -> arg.startsWith(key));
			args.add(extra);
		}
		Class<?>[] sources = new Class<?>[extraSources.length + 1];
		sources[0] = JobsTestApplication.class;
		System.arraycopy(extraSources, 0, sources, 1, extraSources.length);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(sources).web(web)
			.run(args.toArray(String[]::new));
		context.getBean(JdbcTemplate.class)
			.execute("create table if not exists item (id int primary key, name varchar(20))");
		context.getBean(JdbcTemplate.class).execute("merge into item values (1, 'one')");
		return context;
	}

	/**
	 * Run work inside a span named {@code scenario}, wait until every span it caused has
	 * ended, and return every span finished since the exporter was last reset.
	 */
	static List<SpanData> inScenario(ConfigurableApplicationContext context, Runnable work) {
		Observation.createNotStarted("scenario", context.getBean(ObservationRegistry.class)).observe(work);
		return ended(context);
	}

	/**
	 * Every span finished since the exporter was last reset, once no span is open.
	 */
	static List<SpanData> ended(ConfigurableApplicationContext context) {
		context.getBean(OpenSpans.class).awaitNone();
		return spans(context).getFinishedSpanItems();
	}

	static InMemorySpanExporter spans(ConfigurableApplicationContext context) {
		return context.getBean(CapturedSpans.class).exporter();
	}

	/**
	 * The table the jobs query, created before any job can run.
	 */
	@Bean
	InitializingBean itemTable(JdbcTemplate jdbc) {
		return () -> {
			jdbc.execute("create table if not exists item (id int primary key, name varchar(20))");
			jdbc.execute("merge into item values (1, 'one')");
		};
	}

	@Bean
	OpenSpans openSpans() {
		return new OpenSpans();
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ Reports.class, Reminders.class })
	static class Components {

		/**
		 * A pool of one thread and no queue: a second task while one runs is rejected.
		 */
		@Bean
		ThreadPoolTaskExecutor singleThreadPool() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(1);
			executor.setMaxPoolSize(1);
			executor.setQueueCapacity(0);
			executor.setThreadNamePrefix("single-");
			return executor;
		}

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService fixedPool() {
			return Executors.newFixedThreadPool(2);
		}

		/**
		 * Spring's adapter of a JDK executor, which takes a task decorator.
		 */
		@Bean
		ConcurrentTaskExecutor adaptedPool() {
			return new ConcurrentTaskExecutor(Executors.newSingleThreadExecutor());
		}

		/**
		 * An executor of the application's own that runs each task on the caller's
		 * thread.
		 */
		@Bean
		Executor callerRuns() {
			return Runnable::run;
		}

		@Bean(destroyMethod = "shutdownNow")
		ThreadPoolExecutor concretePool() {
			return new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
		}

	}

	/**
	 * A service that hands work to {@code @Async} methods of another bean.
	 */
	@Service
	static class Reports {

		private final Reminders reminders;

		private final JdbcTemplate jdbc;

		Reports(Reminders reminders, JdbcTemplate jdbc) {
			this.reminders = reminders;
			this.jdbc = jdbc;
		}

		public void remind() {
			this.jdbc.queryForObject("select count(*) from item", Integer.class);
			this.reminders.send();
		}

		public CompletableFuture<String> later(CompletableFuture<String> result) {
			return result;
		}

		@Async
		public CompletableFuture<Integer> countAsync() {
			return CompletableFuture
				.completedFuture(this.jdbc.queryForObject("select count(*) from item", Integer.class));
		}

	}

	/**
	 * {@code @Async} methods on a bean that is not a service.
	 */
	@Component
	static class Reminders {

		private final JdbcTemplate jdbc;

		private final AtomicInteger retryAttempts = new AtomicInteger();

		Reminders(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		public AtomicInteger retryAttempts() {
			return this.retryAttempts;
		}

		@Async
		public void send() {
			this.jdbc.queryForObject("select name from item where id = 1", String.class);
		}

		@Async("applicationTaskExecutor")
		public void send(Map<String, Boolean> threads) {
			threads.put("async", JobTraceIntegrityTests.isVirtual(Thread.currentThread()));
			this.jdbc.queryForObject("select name from item where id = 1", String.class);
		}

		@Async
		public void failVoid() {
			throw new IllegalStateException("reminder failed");
		}

		@Async
		public CompletableFuture<String> failFuture() {
			return CompletableFuture.failedFuture(new IllegalArgumentException("no recipient"));
		}

		@Async
		@Retryable(maxRetries = 3, delay = 1, includes = IllegalStateException.class)
		public CompletableFuture<Integer> flaky(int failures) {
			int attempt = this.retryAttempts.incrementAndGet();
			if (attempt <= failures) {
				throw new IllegalStateException("attempt " + attempt + " failed");
			}
			return CompletableFuture.completedFuture(attempt);
		}

	}

}
