package dev.observability.starter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Meter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.observability.starter.core.HookFailures;
import dev.observability.starter.hibernate.jpa.Owner;
import dev.observability.starter.redis.EmbeddedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every meter the starter registers has a description, which a Prometheus scrape prints
 * as its {@code # HELP} text ({@code promtool check metrics}, run by {@code .ci/run},
 * reports a meter without one). The starter's meters are not listed here but found: they
 * are the meters an application has after some work with the starter and does not have
 * after the same work without it ({@code observability.enabled=false}). So a meter a new
 * integration adds without a description fails this test once the scenario reaches it.
 */
class MeterDescriptionsTests {

	/**
	 * Meters the scenario must reach, so that the test cannot pass by exercising nothing.
	 */
	private static final String[] EXPECTED_STARTER_METERS = { "http.server.request.duration",
			"http.server.request.duration.active", "http.server.request.body.size", "http.server.response.body.size",
			"code.function.duration", "code.function.duration.active", "code.function.duration.scenario.step",
			"db.client.operation.duration", "db.client.operation.duration.active", "observability.db.query.findings",
			"observability.db.slow.queries", "db.client.connection.count", "db.client.connection.max",
			"db.client.connection.idle.min", "db.client.connection.pending_requests", "db.client.connection.timeouts",
			"db.client.connection.create_time", "db.client.connection.wait_time", "db.client.connection.use_time",
			"job.run.duration", "job.queue.wait.duration", "job.outcomes", "job.last.success", "executor.rejected",
			"observability.redis.connection.events", "observability.hook.failures",
			"observability.cardinality.overflows", "application.build.info", "hibernate.query.cache.requests",
			"hibernate.query.cache.puts", "hibernate.entity.loads", "hibernate.entity.fetches",
			"hibernate.collection.loads", "hibernate.collection.fetches" };

	@Test
	void everyMeterTheStarterAddsHasADescription() {
		List<Meter.Id> withStarter = metersAfterScenario();
		Set<String> withoutStarter = metersAfterScenario(
				"--spring.autoconfigure.exclude=" + starterAutoConfigurations())
			.stream()
			.map(Meter.Id::getName)
			.collect(Collectors.toSet());
		List<Meter.Id> starterMeters = withStarter.stream()
			.filter((id) -> !withoutStarter.contains(id.getName()))
			.toList();
		assertThat(starterMeters).extracting(Meter.Id::getName).contains(EXPECTED_STARTER_METERS);
		assertThat(starterMeters).filteredOn((id) -> id.getDescription() == null || id.getDescription().isBlank())
			.as("meters the starter registers without a description")
			.isEmpty();
	}

	private static String starterAutoConfigurations() {
		return ImportCandidates.load(AutoConfiguration.class, MeterDescriptionsTests.class.getClassLoader())
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("dev.observability.starter."))
			.collect(Collectors.joining(","));
	}

	/**
	 * Start the application, serve two requests whose service runs SQL (an N+1, every
	 * statement slow), Redis commands, an observation event and an {@code @Async} job,
	 * have a task rejected, count a hook failure, and return the ids of the meters of the
	 * Prometheus registry (Boot gives meter filters to each registry, not to their
	 * composite).
	 */
	private static List<Meter.Id> metersAfterScenario(String... extraArgs) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID(),
				"--spring.jpa.hibernate.ddl-auto=create-drop", "--spring.jpa.open-in-view=false",
				"--spring.task.execution.mode=force", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + EmbeddedRedis.sharedPort(),
				"--management.otlp.metrics.export.enabled=false", "--management.tracing.sampling.probability=1.0",
				"--observability.jdbc.slow-query.threshold=1ns", "--observability.jdbc.findings.threshold=2",
				"--observability.jdbc.long-task-timer=true", "--observability.service.long-task-timer=true",
				"--observability.hibernate.statistics.enabled=true", "--observability.jobs.max-names=1"));
		args.addAll(List.of(extraArgs));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ScenarioApplication.class)
			.web(WebApplicationType.SERVLET)
			.run(args.toArray(String[]::new))) {
			String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
			assertThat(send(http, HttpRequest.newBuilder(URI.create(base + "/scenario")).GET())).isEqualTo(200);
			assertThat(send(http,
					HttpRequest.newBuilder(URI.create(base + "/scenario"))
						.header("Content-Type", "text/plain")
						.POST(HttpRequest.BodyPublishers.ofString("three residences"))))
				.isEqualTo(200);
			rejectOneTask(context.getBean("singleThreadPool", ThreadPoolTaskExecutor.class));
			context.getBeanProvider(HookFailures.class)
				.ifAvailable((failures) -> failures.record("scenario", new IllegalStateException("scenario")));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> context.getBeansOfType(ThreadPoolTaskExecutor.class)
					.values()
					.stream()
					.allMatch((executor) -> executor.getActiveCount() == 0));
			return context.getBean(PrometheusMeterRegistry.class).getMeters().stream().map(Meter::getId).toList();
		}
	}

	private static int send(HttpClient http, HttpRequest.Builder request) {
		try {
			return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Occupy the pool's only thread and hand it a second task, which it rejects.
	 */
	private static void rejectOneTask(ThreadPoolTaskExecutor pool) {
		CountDownLatch release = new CountDownLatch(1);
		pool.execute(() -> {
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		try {
			pool.execute(() -> {
			});
			throw new IllegalStateException("the pool accepted a second task");
		}
		catch (TaskRejectedException ex) {
			// expected
		}
		finally {
			release.countDown();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableAsync
	@EntityScan(basePackageClasses = Owner.class)
	@Import({ ScenarioController.class, ScenarioService.class, Reminders.class })
	static class ScenarioApplication {

		/**
		 * A pool of one thread and no queue: a second task while one runs is rejected.
		 */
		@Bean
		ThreadPoolTaskExecutor singleThreadPool() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(1);
			executor.setMaxPoolSize(1);
			executor.setQueueCapacity(0);
			return executor;
		}

	}

	@RestController
	static class ScenarioController {

		private final ScenarioService service;

		ScenarioController(ScenarioService service) {
			this.service = service;
		}

		@GetMapping("/scenario")
		String get() {
			return this.service.run();
		}

		@PostMapping("/scenario")
		String post(@RequestBody String body) {
			return this.service.run() + " " + body.length();
		}

	}

	@Service
	static class ScenarioService {

		private final JdbcTemplate jdbc;

		private final StringRedisTemplate redis;

		private final ObservationRegistry observations;

		private final Reminders reminders;

		ScenarioService(JdbcTemplate jdbc, StringRedisTemplate redis, ObservationRegistry observations,
				Reminders reminders) {
			this.jdbc = jdbc;
			this.redis = redis;
			this.observations = observations;
			this.reminders = reminders;
		}

		public String run() {
			this.jdbc.execute("create table if not exists scenario_row (id int primary key, name varchar(20))");
			this.jdbc.execute("merge into scenario_row values (1, 'one'), (2, 'two'), (3, 'three')");
			StringBuilder names = new StringBuilder();
			for (int id = 1; id <= 3; id++) {
				names.append(this.jdbc.queryForObject("select name from scenario_row where id = ?", String.class, id));
			}
			this.redis.opsForValue().set("scenario:names", names.toString());
			this.redis.opsForValue().get("scenario:names");
			Observation current = this.observations.getCurrentObservation();
			if (current != null) {
				current.event(Observation.Event.of("scenario.step"));
			}
			return names + " " + this.reminders.send().join();
		}

	}

	@Component
	static class Reminders {

		private final JdbcTemplate jdbc;

		Reminders(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Async("applicationTaskExecutor")
		public CompletableFuture<Integer> send() {
			return CompletableFuture
				.completedFuture(this.jdbc.queryForObject("select count(*) from scenario_row", Integer.class));
		}

	}

}
