package dev.observability.starter.jobs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.context.annotation.Configuration;

import dev.observability.starter.core.ComparableTelemetry;
import dev.observability.starter.core.LeanPathDecision;
import dev.observability.starter.jobs.JobsTestApplication.Reminders;
import dev.observability.starter.jobs.JobsTestApplication.Reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The job integration's wiring: both recording paths give the same telemetry, the
 * switches leave executors and scheduling as Spring made them, and invalid properties
 * stop startup with a message naming them.
 */
@ExtendWith(OutputCaptureExtension.class)
class JobsObservabilityAutoConfigurationTests {

	@Test
	void leanAndObservationPathsRecordIdenticalSpansAndMeters() {
		Recorded lean = runScenario(true);
		Recorded observation = runScenario(false);
		assertThat(lean.path).isEqualTo(LeanPathDecision.Path.LEAN);
		assertThat(observation.path).isEqualTo(LeanPathDecision.Path.OBSERVATION);
		assertThat(lean.spans).hasSize(6).isEqualTo(observation.spans);
		assertThat(lean.meters).isNotEmpty().isEqualTo(observation.meters);
	}

	@Test
	void theSwitchLeavesExecutorsAndSchedulersAsSpringMadeThem() {
		try (ConfigurableApplicationContext context = JobsTestApplication.run(WebApplicationType.NONE,
				new Class<?>[] { Ticking.class }, "--observability.jobs.enabled=false")) {
			assertThat(context.getBeansOfType(JobRunner.class)).isEmpty();
			assertThat(context.getBean("fixedPool")).isNotInstanceOf(JobExecutorService.class);
			assertThat(org.springframework.aop.support.AopUtils.isAopProxy(context.getBean(TaskScheduler.class)))
				.isFalse();
			List<SpanData> spans = JobsTestApplication.inScenario(context,
					() -> context.getBean(Reports.class).countAsync().join());
			assertThat(spans).noneMatch((span) -> span.getName().startsWith("job "));
			// Spring's own observation of scheduled methods stays
			await().atMost(java.time.Duration.ofSeconds(5))
				.until(() -> context.getBean(MeterRegistry.class).find("tasks.scheduled.execution").timer() != null);
		}
	}

	@Test
	void executorsCanBeLeftAloneWhileWorkersAreStillJobs() {
		try (ConfigurableApplicationContext context = JobsTestApplication.run("--observability.jobs.executors=false")) {
			assertThat(context.getBean("fixedPool")).isNotInstanceOf(JobExecutorService.class);
			context.getBean(JobRunner.class).run(Job.named("worker"), () -> {
			});
			assertThat(JobsTestApplication.ended(context)).extracting(SpanData::getName).containsExactly("job worker");
		}
	}

	@Test
	void excludedExecutorsAreLeftAlone() {
		try (ConfigurableApplicationContext context = JobsTestApplication
			.run("--observability.jobs.exclude-executors=fixedPool")) {
			assertThat(context.getBean("fixedPool")).isNotInstanceOf(JobExecutorService.class);
			List<SpanData> spans = JobsTestApplication.inScenario(context,
					() -> context.getBean(Reports.class).countAsync().join());
			assertThat(spans).extracting(SpanData::getName).contains("job Reports.countAsync");
		}
	}

	@Test
	void springsScheduledTaskObservationCanBeKeptInstead() {
		try (ConfigurableApplicationContext context = JobsTestApplication.run(WebApplicationType.NONE,
				new Class<?>[] { Ticking.class }, "--observability.jobs.scheduled.boot-observation=true")) {
			await().atMost(java.time.Duration.ofSeconds(5))
				.until(() -> context.getBean(MeterRegistry.class).find("tasks.scheduled.execution").timer() != null);
			assertThat(
					context.getBean(MeterRegistry.class).find("job.run.duration").tag("job.kind", "scheduled").timers())
				.isEmpty();
		}
	}

	@Test
	void jobTimersGetTheConfiguredBuckets() {
		try (ConfigurableApplicationContext context = JobsTestApplication
			.run("--observability.jobs.histogram-buckets=10ms,3s")) {
			context.getBean(JobRunner.class).run(Job.named("bucketed").enqueuedAt(System.currentTimeMillis()), () -> {
			});
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(
					meters.get("job.run.duration").tag("job.name", "bucketed").timer().takeSnapshot().histogramCounts())
				.extracting((bucket) -> bucket.bucket())
				.containsExactly(10_000_000.0, 3e9);
			assertThat(meters.get("job.queue.wait.duration")
				.tag("job.name", "bucketed")
				.timer()
				.takeSnapshot()
				.histogramCounts()).extracting((bucket) -> bucket.bucket()).containsExactly(10_000_000.0, 3e9);
		}
	}

	@Test
	void jobNamesBeyondTheLimitShareOneSeries() {
		try (ConfigurableApplicationContext context = JobsTestApplication.run("--observability.jobs.max-names=2")) {
			JobRunner jobs = context.getBean(JobRunner.class);
			for (String name : List.of("a", "b", "c", "d")) {
				jobs.run(Job.named(name), () -> {
				});
			}
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("job.run.duration").timers()).extracting((timer) -> timer.getId().getTag("job.name"))
				.containsExactlyInAnyOrder("a", "b", "_OTHER");
			assertThat(meters.get("job.run.duration").tag("job.name", "_OTHER").timer().count()).isEqualTo(2);
		}
	}

	@Test
	void tooFewOrTooManyJobNamesFailStartup(CapturedOutput output) {
		assertThatException().isThrownBy(() -> JobsTestApplication.run("--observability.jobs.max-names=0"));
		assertThat(output).contains("Property: observability.jobs.max-names", "must be between 1 and 10000");
	}

	@Test
	void aStalenessMultipleBelowOneFailsStartup(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> JobsTestApplication.run("--observability.jobs.scheduled.stale-after-periods=0.5"));
		assertThat(output).contains("Property: observability.jobs.scheduled.stale-after-periods",
				"must be a number from 1 to 1000");
	}

	@Test
	void nonPositiveHistogramBucketFailsStartup(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> JobsTestApplication.run("--observability.jobs.histogram-buckets=1s,-5ms"));
		assertThat(output).contains("Property: observability.jobs.histogram-buckets",
				"must list one or more durations greater than zero");
	}

	@Test
	void aBucketSoLongItWouldOverflowFailsStartupWithThePropertysMessage(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> JobsTestApplication.run("--observability.jobs.histogram-buckets=1s,1000000d"));
		assertThat(output)
			.contains("Property: observability.jobs.histogram-buckets",
					"must list durations of at most 365d (longer ones overflow)")
			.doesNotContain("long overflow");
	}

	private Recorded runScenario(boolean leanPath) {
		try (ConfigurableApplicationContext context = JobsTestApplication
			.run("--observability.jobs.lean-path=" + leanPath)) {
			JobsTestApplication.ended(context);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			meters.getMeters()
				.stream()
				.filter((meter) -> meter.getId().getName().startsWith("job."))
				.toList()
				.forEach(meters::remove);
			JobsTestApplication.spans(context).reset();
			List<SpanData> spans = JobsTestApplication.inScenario(context, () -> {
				try {
					context.getBean(Reports.class).countAsync().join();
					CompletableFuture<String> failed = context.getBean(Reminders.class).failFuture();
					failed.exceptionally((ex) -> null).join();
					context.getBean("fixedPool", ExecutorService.class)
						.submit(JobRunner.named("named", () -> "x"))
						.get(5, TimeUnit.SECONDS);
					CompletableFuture.runAsync(() -> {
					}, context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class)).join();
					context.getBean(JobRunner.class)
						.run(Job.named("consumer")
							.traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
							.attempt(3)
							.payloadSize(10), () -> {
							});
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			// statement spans name the run's own database and pool: compared elsewhere
			List<SpanData> jobsAndChildren = spans.stream()
				.filter((span) -> !span.getName().equals("scenario") && !span.getName().startsWith("SELECT"))
				.toList();
			return new Recorded(context.getBean(JobHook.class).instrumentation().path,
					withoutQueueWaitValues(ComparableTelemetry.spans(jobsAndChildren)),
					ComparableTelemetry.meters(meters, "job."));
		}
	}

	/**
	 * The spans with their queue wait as present or not: its milliseconds differ from run
	 * to run.
	 */
	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> withoutQueueWaitValues(List<Map<String, Object>> spans) {
		return spans.stream().map((span) -> {
			Map<String, Object> copy = new java.util.LinkedHashMap<>(span);
			Map<String, Object> attributes = new java.util.TreeMap<>((Map<String, Object>) span.get("attributes"));
			attributes.computeIfPresent("job.queue.wait.ms", (key, value) -> "measured");
			copy.put("attributes", attributes);
			return copy;
		}).toList();
	}

	private record Recorded(LeanPathDecision.Path path, List<Map<String, Object>> spans, Map<String, Long> meters) {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class Ticking {

		@Scheduled(fixedRate = 20)
		void tick() {
		}

	}

}
