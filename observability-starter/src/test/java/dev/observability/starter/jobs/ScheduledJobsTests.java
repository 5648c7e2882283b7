package dev.observability.starter.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.stereotype.Component;

import static dev.observability.starter.jobs.JobSpansTests.JOB_KIND;
import static dev.observability.starter.jobs.JobSpansTests.JOB_NAME;
import static dev.observability.starter.jobs.JobSpansTests.JOB_OUTCOME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scheduled jobs ({@code @Scheduled} methods, tasks of a {@code ScheduledTaskRegistrar}
 * and of the {@code TaskScheduler} bean): each run is a trace of its own, with its
 * outcome, and the {@code jobs} health contributor reports jobs that stopped succeeding.
 */
class ScheduledJobsTests {

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() {
		context = JobsTestApplication.run(WebApplicationType.NONE, new Class<?>[] { Scheduling.class },
				"--observability.jobs.scheduled.stale-after-periods=2",
				"--logging.level.org.springframework.scheduling.support.TaskUtils=off");
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void eachRunOfAScheduledMethodIsARootSpanOfItsOwnTraceWithItsSqlInside() {
		List<SpanData> runs = awaitRuns("job Scheduling.tick", 3);
		assertThat(runs).allSatisfy((run) -> {
			assertThat(run.getParentSpanId()).isEqualTo(SpanId.getInvalid());
			assertThat(run.getAttributes().get(JOB_KIND)).isEqualTo("scheduled");
			assertThat(run.getAttributes().get(JOB_NAME)).isEqualTo("Scheduling.tick");
			assertThat(run.getAttributes().get(JOB_OUTCOME)).isEqualTo("success");
		});
		assertThat(runs).extracting(SpanData::getTraceId).doesNotHaveDuplicates();
		List<SpanData> all = JobsTestApplication.spans(context).getFinishedSpanItems();
		SpanData first = runs.get(0);
		assertThat(all).filteredOn((span) -> span.getParentSpanId().equals(first.getSpanId()))
			.extracting(SpanData::getName)
			.containsExactly("SELECT item");
	}

	@Test
	void aFailingScheduledMethodIsAFailedRunAndKeepsBeingScheduled() {
		List<SpanData> runs = awaitRuns("job Scheduling.failing", 2);
		assertThat(runs).allSatisfy((run) -> {
			assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(run.getAttributes().get(JOB_OUTCOME)).isEqualTo("failure");
		});
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		assertThat(meters.get("job.outcomes")
			.tags("job.name", "Scheduling.failing", "job.kind", "scheduled", "outcome", "failure")
			.counter()
			.count()).isGreaterThanOrEqualTo(2);
		assertThat(meters.find("job.last.success").tag("job.name", "Scheduling.failing").gauge()).isNull();
	}

	@Test
	void springsOwnScheduledTaskObservationIsNotRecordedBesideTheJobs() {
		awaitRuns("job Scheduling.tick", 1);
		assertThat(context.getBean(MeterRegistry.class).find("tasks.scheduled.execution").meters()).isEmpty();
		assertThat(JobsTestApplication.spans(context).getFinishedSpanItems())
			.noneMatch((span) -> span.getName().startsWith("task"));
	}

	@Test
	void aNamedRegistrarTaskRunsAsAScheduledJobOfThatName() {
		assertThat(awaitRuns("job registrar-job", 2))
			.allSatisfy((run) -> assertThat(run.getParentSpanId()).isEqualTo(SpanId.getInvalid()));
	}

	@Test
	void aTaskGivenToTheTaskSchedulerInsideATraceStillRunsInTracesOfItsOwn() {
		TaskScheduler scheduler = context.getBean(TaskScheduler.class);
		AtomicInteger runs = new AtomicInteger();
		ScheduledFuture<?>[] future = new ScheduledFuture<?>[1];
		List<SpanData> spans = JobsTestApplication.inScenario(context, () -> future[0] = scheduler.scheduleAtFixedRate(
				JobRunner.named("programmatic", (Runnable) runs::incrementAndGet), Duration.ofMillis(20)));
		SpanData scenario = JobSpansTests.named(spans, "scenario");
		try {
			List<SpanData> programmatic = awaitRuns("job programmatic", 2);
			assertThat(programmatic).allSatisfy((run) -> {
				assertThat(run.getParentSpanId()).isEqualTo(SpanId.getInvalid());
				assertThat(run.getTraceId()).isNotEqualTo(scenario.getTraceId());
			});
		}
		finally {
			future[0].cancel(false);
		}
	}

	@Test
	void theJobsHealthContributorReportsAJobThatHasNotSucceededForTooLongAsStale() {
		HealthIndicator health = context.getBean("jobsHealthIndicator", HealthIndicator.class);
		// tick succeeds every 50 ms; failing never succeeds and is stale after 2 × 100 ms
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Health report = health.health();
			assertThat(report.getStatus().getCode()).isEqualTo("STALE");
			Map<String, Map<String, Object>> scheduled = scheduled(report);
			assertThat(scheduled.get("Scheduling.failing")).containsEntry("status", "STALE")
				.containsEntry("lastSuccess", null)
				.containsEntry("period", "PT0.1S");
			assertThat(scheduled.get("Scheduling.tick")).containsEntry("status", "UP");
			assertThat(Instant.parse((String) scheduled.get("Scheduling.tick").get("lastSuccess")))
				.isAfter(Instant.now().minusSeconds(5));
		});
	}

	@Test
	void theJobsHealthContributorIsInNoProbeGroup() {
		assertThat(context.getEnvironment().getProperty("management.endpoint.health.group.liveness.include")).isNull();
		assertThat(context.getEnvironment().getProperty("management.endpoint.health.group.readiness.include")).isNull();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> scheduled(Health health) {
		return (Map<String, Map<String, Object>>) health.getDetails().get("scheduled");
	}

	private static List<SpanData> awaitRuns(String name, int count) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> JobsTestApplication.spans(context)
				.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getName().equals(name))
				.count() >= count);
		return JobsTestApplication.spans(context)
			.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class Scheduling {

		private final JdbcTemplate jdbc;

		Scheduling(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Scheduled(fixedRate = 50)
		void tick() {
			this.jdbc.queryForObject("select count(*) from item", Integer.class);
		}

		@Scheduled(fixedDelay = 100)
		void failing() {
			throw new IllegalStateException("scheduled failure");
		}

		@Bean
		SchedulingConfigurer registrarJob() {
			return (registrar) -> registrar.addFixedDelayTask(JobRunner.named("registrar-job", () -> {
			}), Duration.ofMillis(50));
		}

	}

}
