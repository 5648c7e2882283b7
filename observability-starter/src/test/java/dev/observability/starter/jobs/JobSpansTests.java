package dev.observability.starter.jobs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import dev.observability.starter.core.LeanPathDecision;
import dev.observability.starter.jobs.JobsTestApplication.Reminders;
import dev.observability.starter.jobs.JobsTestApplication.Reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Jobs handed to executors from inside a traced operation, on the lean path: each is a
 * span under the span that submitted it, with its queue wait, attempt and outcome, and
 * the job meters count it.
 */
class JobSpansTests {

	static final AttributeKey<String> JOB_NAME = AttributeKey.stringKey("job.name");

	static final AttributeKey<String> JOB_KIND = AttributeKey.stringKey("job.kind");

	static final AttributeKey<String> JOB_OUTCOME = AttributeKey.stringKey("job.outcome");

	static final AttributeKey<Long> JOB_ATTEMPT = AttributeKey.longKey("job.attempt");

	static final AttributeKey<Long> QUEUE_WAIT = AttributeKey.longKey("job.queue.wait.ms");

	static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() {
		context = JobsTestApplication.run();
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@BeforeEach
	void reset() {
		JobsTestApplication.ended(context);
		JobsTestApplication.spans(context).reset();
	}

	@Test
	void jobsTakeTheLeanPath() {
		assertThat(context.getBean(JobHook.class).instrumentation().path).isEqualTo(LeanPathDecision.Path.LEAN);
	}

	@Test
	void anAsyncMethodIsAJobSpanUnderTheServiceSpanThatCalledItWithItsSqlInside() {
		List<SpanData> spans = JobsTestApplication.inScenario(context, () -> context.getBean(Reports.class).remind());
		SpanData scenario = named(spans, "scenario");
		SpanData service = named(spans, "Reports.remind");
		SpanData job = named(spans, "job Reminders.send");
		assertThat(service.getParentSpanId()).isEqualTo(scenario.getSpanId());
		assertThat(job.getParentSpanId()).isEqualTo(service.getSpanId());
		assertThat(job.getKind()).isEqualTo(SpanKind.INTERNAL);
		assertThat(job.getAttributes().get(JOB_NAME)).isEqualTo("Reminders.send");
		assertThat(job.getAttributes().get(JOB_KIND)).isEqualTo("async");
		assertThat(job.getAttributes().get(JOB_OUTCOME)).isEqualTo("success");
		assertThat(job.getAttributes().get(JOB_ATTEMPT)).isEqualTo(1L);
		assertThat(job.getAttributes().get(QUEUE_WAIT)).isNotNull().isGreaterThanOrEqualTo(0L);
		assertThat(spans).filteredOn((span) -> span.getName().startsWith("SELECT"))
			.extracting(SpanData::getParentSpanId)
			.containsExactlyInAnyOrder(service.getSpanId(), job.getSpanId());
		assertThat(spans).extracting(SpanData::getTraceId).containsOnly(scenario.getTraceId());
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(meters.get("job.outcomes")
				.tags("job.name", "Reminders.send", "job.kind", "async", "outcome", "success", "job.attempt", "1")
				.counter()
				.count()).isGreaterThanOrEqualTo(1));
		assertThat(meters.get("job.run.duration")
			.tags("job.name", "Reminders.send", "job.kind", "async", "error.type", "none")
			.timer()
			.count()).isGreaterThanOrEqualTo(1);
		assertThat(meters.get("job.queue.wait.duration").tags("job.name", "Reminders.send").timer().count())
			.isGreaterThanOrEqualTo(1);
		assertThat(meters.get("job.last.success").tags("job.name", "Reminders.send").gauge().value()).isGreaterThan(0);
	}

	@Test
	void anAsyncMethodOfAServiceNestsItsServiceSpanInsideTheJob() {
		List<SpanData> spans = JobsTestApplication.inScenario(context,
				() -> context.getBean(Reports.class).countAsync().join());
		SpanData scenario = named(spans, "scenario");
		SpanData job = named(spans, "job Reports.countAsync");
		SpanData service = named(spans, "Reports.countAsync");
		assertThat(job.getParentSpanId()).isEqualTo(scenario.getSpanId());
		assertThat(service.getParentSpanId()).isEqualTo(job.getSpanId());
		assertThat(named(spans, "SELECT item").getParentSpanId()).isEqualTo(service.getSpanId());
	}

	@Test
	void aFailingVoidAsyncMethodMarksItsJobFailedAndTheExecutorGoesOn() {
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		List<SpanData> spans = JobsTestApplication.inScenario(context,
				() -> context.getBean(Reminders.class).failVoid());
		SpanData job = named(spans, "job Reminders.failVoid");
		assertThat(job.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(job.getAttributes().get(JOB_OUTCOME)).isEqualTo("failure");
		assertThat(job.getAttributes().get(ERROR_TYPE)).isEqualTo(IllegalStateException.class.getName());
		assertThat(job.getEvents()).anySatisfy((event) -> assertThat(event.getName()).isEqualTo("exception"));
		assertThat(meters.get("job.outcomes")
			.tags("job.name", "Reminders.failVoid", "outcome", "failure")
			.counter()
			.count()).isEqualTo(1);
		assertThat(meters.get("job.run.duration")
			.tags("job.name", "Reminders.failVoid", "error.type", IllegalStateException.class.getName())
			.timer()
			.count()).isEqualTo(1);
		List<SpanData> next = JobsTestApplication.inScenario(context, () -> context.getBean(Reminders.class).send());
		assertThat(named(next, "job Reminders.send").getAttributes().get(JOB_OUTCOME)).isEqualTo("success");
	}

	@Test
	void aFailedFutureOfAnAsyncMethodMarksItsJobFailed() {
		List<SpanData> spans = JobsTestApplication.inScenario(context, () -> {
			CompletableFuture<String> result = context.getBean(Reminders.class).failFuture();
			assertThatExceptionOfType(Exception.class).isThrownBy(result::join)
				.havingRootCause()
				.isInstanceOf(IllegalArgumentException.class);
		});
		SpanData job = named(spans, "job Reminders.failFuture");
		assertThat(job.getAttributes().get(JOB_OUTCOME)).isEqualTo("failure");
		assertThat(job.getAttributes().get(ERROR_TYPE)).isEqualTo(IllegalArgumentException.class.getName());
	}

	@Test
	void aRetriedAsyncMethodReportsTheAttemptThatSucceeded() {
		Reminders reminders = context.getBean(Reminders.class);
		reminders.retryAttempts().set(0);
		List<SpanData> spans = JobsTestApplication.inScenario(context,
				() -> assertThat(reminders.flaky(2).join()).isEqualTo(3));
		SpanData job = named(spans, "job Reminders.flaky");
		assertThat(job.getAttributes().get(JOB_ATTEMPT)).isEqualTo(3L);
		assertThat(job.getAttributes().get(JOB_OUTCOME)).isEqualTo("success");
		assertThat(context.getBean(MeterRegistry.class)
			.get("job.outcomes")
			.tags("job.name", "Reminders.flaky", "outcome", "success", "job.attempt", "3")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void aCompletableFutureOnBootsExecutorIsAJobUnderTheCallerWithItsSqlInside() {
		AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
		List<SpanData> spans = JobsTestApplication.inScenario(context,
				() -> CompletableFuture
					.supplyAsync(() -> context.getBean(org.springframework.jdbc.core.JdbcTemplate.class)
						.queryForObject("select count(*) from item", Integer.class), executor)
					.join());
		SpanData scenario = named(spans, "scenario");
		SpanData job = named(spans, "job applicationTaskExecutor");
		assertThat(job.getParentSpanId()).isEqualTo(scenario.getSpanId());
		assertThat(job.getAttributes().get(JOB_KIND)).isEqualTo("executor");
		assertThat(named(spans, "SELECT item").getParentSpanId()).isEqualTo(job.getSpanId());
	}

	@Test
	void aNamedTaskOnAnExecutorServiceBeanIsAJobOfThatName() throws Exception {
		ExecutorService pool = context.getBean("fixedPool", ExecutorService.class);
		assertThat(pool).isInstanceOf(JobExecutorService.class);
		List<SpanData> spans = JobsTestApplication.inScenario(context, () -> {
			try {
				pool.submit(JobRunner.named("send-push", () -> "sent")).get(5, TimeUnit.SECONDS);
				pool.submit(() -> {
				}).get(5, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		SpanData scenario = named(spans, "scenario");
		assertThat(named(spans, "job send-push").getParentSpanId()).isEqualTo(scenario.getSpanId());
		assertThat(named(spans, "job fixedPool").getParentSpanId()).isEqualTo(scenario.getSpanId());
	}

	@Test
	void aThreadPoolExecutorServiceBeanHasTheExecutorMetersBootGivesSpringsPools() throws Exception {
		ExecutorService pool = context.getBean("fixedPool", ExecutorService.class);
		pool.submit(() -> {
		}).get(5, TimeUnit.SECONDS);
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		assertThat(meters.get("executor.pool.max").tag("name", "fixedPool").gauge().value()).isEqualTo(2);
		assertThat(meters.get("executor.queued").tag("name", "fixedPool").gauge()).isNotNull();
		assertThat(meters.get("executor.active").tag("name", "fixedPool").gauge()).isNotNull();
		assertThat(meters.get("executor.completed").tag("name", "fixedPool").functionCounter().count())
			.isGreaterThanOrEqualTo(1);
		// Boot's own, for Spring's pool
		assertThat(meters.get("executor.pool.max").tag("name", "singleThreadPool").gauge().value()).isEqualTo(1);
	}

	@Test
	void tasksOfSpringsAdapterAndOfAnExecutorOfTheApplicationsOwnAreJobsUnderTheCaller() {
		ConcurrentTaskExecutor adapted = context.getBean("adaptedPool", ConcurrentTaskExecutor.class);
		java.util.concurrent.Executor callerRuns = context.getBean("callerRuns", java.util.concurrent.Executor.class);
		List<SpanData> spans = JobsTestApplication.inScenario(context, () -> {
			adapted.submitCompletable(() -> "adapted").join();
			callerRuns.execute(() -> {
			});
		});
		SpanData scenario = named(spans, "scenario");
		assertThat(named(spans, "job adaptedPool").getParentSpanId()).isEqualTo(scenario.getSpanId());
		assertThat(named(spans, "job callerRuns").getParentSpanId()).isEqualTo(scenario.getSpanId());
	}

	@Test
	void anExecutorBeanDeclaredAsItsClassIsLeftAsItIs() {
		assertThat(context.getBean("concretePool")).isExactlyInstanceOf(ThreadPoolExecutor.class);
	}

	@Test
	void aTaskThatThrowsInSubmitIsAFailedJobAndTheFutureFailsAsBefore() {
		ThreadPoolTaskExecutor pool = context.getBean("singleThreadPool", ThreadPoolTaskExecutor.class);
		List<SpanData> spans = JobsTestApplication.inScenario(context, () -> {
			var future = pool.submit(JobRunner.named("explode", () -> {
				throw new IllegalStateException("boom");
			}));
			assertThatExceptionOfType(java.util.concurrent.ExecutionException.class)
				.isThrownBy(() -> future.get(5, TimeUnit.SECONDS))
				.withCauseInstanceOf(IllegalStateException.class);
		});
		SpanData job = named(spans, "job explode");
		assertThat(job.getAttributes().get(JOB_OUTCOME)).isEqualTo("failure");
		assertThat(job.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
	}

	@Test
	void aSaturatedPoolRejectsAsWithoutTheStarterAndTheRejectionIsCounted() throws Exception {
		ThreadPoolTaskExecutor pool = context.getBean("singleThreadPool", ThreadPoolTaskExecutor.class);
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		pool.execute(JobRunner.named("blocker", () -> {
			started.countDown();
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}));
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		try {
			assertThatExceptionOfType(TaskRejectedException.class)
				.isThrownBy(() -> pool.execute(JobRunner.named("overflow", () -> {
				})))
				.withCauseInstanceOf(RejectedExecutionException.class);
		}
		finally {
			release.countDown();
		}
		assertThat(meters.get("executor.rejected").tag("name", "singleThreadPool").counter().count()).isEqualTo(1);
		assertThat(meters.get("job.outcomes").tags("job.name", "overflow", "outcome", "rejected").counter().count())
			.isEqualTo(1);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(pool.getActiveCount()).isZero());
		CompletableFuture<String> after = pool.submitCompletable(() -> "ran");
		assertThat(after.get(5, TimeUnit.SECONDS)).isEqualTo("ran");
	}

	@Test
	void aServiceSpanOfAMethodReturningAFutureEndsWhenTheFutureCompletes() {
		Reports reports = context.getBean(Reports.class);
		CompletableFuture<String> result = new CompletableFuture<>();
		CompletableFuture<String> returned = reports.later(result);
		assertThat(JobsTestApplication.spans(context).getFinishedSpanItems())
			.noneMatch((span) -> span.getName().equals("Reports.later"));
		result.completeExceptionally(new IllegalStateException("late failure"));
		assertThat(returned).isCompletedExceptionally();
		List<SpanData> spans = JobsTestApplication.ended(context);
		SpanData service = named(spans, "Reports.later");
		assertThat(service.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(service.getAttributes().get(ERROR_TYPE)).isEqualTo(IllegalStateException.class.getName());
	}

	static SpanData named(List<SpanData> spans, String name) {
		List<SpanData> matching = spans.stream().filter((span) -> span.getName().equals(name)).toList();
		assertThat(matching).as("spans named '%s' among %s", name, spans.stream().map(SpanData::getName).toList())
			.hasSize(1);
		return matching.get(0);
	}

}
