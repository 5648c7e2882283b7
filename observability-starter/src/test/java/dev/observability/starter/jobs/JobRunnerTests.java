package dev.observability.starter.jobs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

import dev.observability.starter.core.UnitOfWork;

import static dev.observability.starter.jobs.JobSpansTests.JOB_ATTEMPT;
import static dev.observability.starter.jobs.JobSpansTests.JOB_KIND;
import static dev.observability.starter.jobs.JobSpansTests.JOB_OUTCOME;
import static dev.observability.starter.jobs.JobSpansTests.QUEUE_WAIT;
import static dev.observability.starter.jobs.JobSpansTests.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The public API for custom workers and queue consumers: a unit of work run as a job with
 * a name, a parent from a message's {@code traceparent}, an attempt and a payload size.
 */
class JobRunnerTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT_ID = "00f067aa0ba902b7";

	private static ConfigurableApplicationContext context;

	private static JobRunner jobs;

	@BeforeAll
	static void start() {
		context = JobsTestApplication.run();
		jobs = context.getBean(JobRunner.class);
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
	void aJobFromAMessageIsAConsumerSpanInTheSendersTrace() {
		long enqueued = System.currentTimeMillis() - 1500;
		jobs.run(Job.named("send-push")
			.parentFrom(Map.of("TraceParent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01"))
			.attempt(2)
			.payloadSize(512)
			.enqueuedAt(enqueued), () -> {
			});
		SpanData job = named(JobsTestApplication.ended(context), "job send-push");
		assertThat(job.getKind()).isEqualTo(SpanKind.CONSUMER);
		assertThat(job.getTraceId()).isEqualTo(TRACE_ID);
		assertThat(job.getParentSpanId()).isEqualTo(PARENT_ID);
		assertThat(job.getAttributes().get(JOB_KIND)).isEqualTo("worker");
		assertThat(job.getAttributes().get(JOB_ATTEMPT)).isEqualTo(2L);
		assertThat(job.getAttributes().get(AttributeKey.longKey("job.payload.size"))).isEqualTo(512L);
		assertThat(job.getAttributes().get(QUEUE_WAIT)).isBetween(1500L, 60_000L);
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		assertThat(meters.get("job.outcomes")
			.tags("job.name", "send-push", "job.kind", "worker", "outcome", "success", "job.attempt", "2")
			.counter()
			.count()).isEqualTo(1);
		assertThat(meters.get("job.queue.wait.duration")
			.tag("job.name", "send-push")
			.timer()
			.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(1500);
	}

	@Test
	void aMessageWithoutAValidTraceparentStartsATrace() {
		jobs.run(Job.named("send-push").traceparent("00-garbage-01"), () -> {
		});
		jobs.run(Job.named("send-push").parentFrom(Map.of("other", "header")), () -> {
		});
		List<SpanData> spans = JobsTestApplication.ended(context);
		assertThat(spans).hasSize(2).allSatisfy((span) -> {
			assertThat(span.getParentSpanId()).isEqualTo(SpanId.getInvalid());
			assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
		});
	}

	@Test
	void aJobWithoutAMessageIsAnInternalSpanUnderTheCurrentOne() throws Exception {
		AtomicReference<String> unit = new AtomicReference<>();
		List<SpanData> spans = JobsTestApplication.inScenario(context, () -> {
			try {
				assertThat(jobs.call(Job.named("rebuild-index"), () -> {
					unit.set(UnitOfWork.current().getKind() + " " + UnitOfWork.current().getName());
					return 42;
				})).isEqualTo(42);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		SpanData job = named(spans, "job rebuild-index");
		assertThat(job.getKind()).isEqualTo(SpanKind.INTERNAL);
		assertThat(job.getParentSpanId()).isEqualTo(named(spans, "scenario").getSpanId());
		assertThat(job.getAttributes().get(QUEUE_WAIT)).isNull();
		assertThat(unit).hasValue("job rebuild-index");
	}

	@Test
	void anNPlusOneInAJobIsTheJobsFindingOnTheJobsSpan() {
		org.springframework.jdbc.core.JdbcTemplate jdbc = context
			.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
		jobs.run(Job.named("nightly-digest"), () -> {
			for (int id = 1; id <= 6; id++) {
				jdbc.queryForList("select name from item where id = ?", String.class, id);
			}
		});
		SpanData job = named(JobsTestApplication.ended(context), "job nightly-digest");
		assertThat(job.getEvents()).singleElement().satisfies((event) -> {
			assertThat(event.getName()).isEqualTo("db.query.finding");
			assertThat(event.getAttributes().get(AttributeKey.stringKey("finding.kind"))).isEqualTo("n_plus_one");
		});
		assertThat(context.getBean(MeterRegistry.class)
			.get("observability.db.query.findings")
			.tags("unit.name", "nightly-digest", "finding.kind", "n_plus_one")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void whatTheWorkThrowsIsRecordedAndThrownOn() {
		IllegalStateException failure = new IllegalStateException("poison message");
		assertThatIllegalStateException().isThrownBy(() -> jobs.run(Job.named("consume"), () -> {
			throw failure;
		})).isSameAs(failure);
		SpanData job = named(JobsTestApplication.ended(context), "job consume");
		assertThat(job.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(job.getAttributes().get(JOB_OUTCOME)).isEqualTo("failure");
		assertThat(job.getEvents()).singleElement()
			.satisfies((event) -> assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message")))
				.isNull());
	}

	@Test
	void aDecoratedTaskIsARunOfTheJobEachTimeItRuns() {
		AtomicInteger ran = new AtomicInteger();
		Runnable task = jobs.decorate(Job.named("poll"), ran::incrementAndGet);
		task.run();
		task.run();
		assertThat(ran).hasValue(2);
		List<SpanData> spans = JobsTestApplication.ended(context);
		assertThat(spans).extracting(SpanData::getName).containsExactly("job poll", "job poll");
		assertThat(spans).extracting(SpanData::getTraceId).doesNotHaveDuplicates();
	}

	@Test
	void retriesOfARetryTemplateWithTheJobListenerShowAsTheAttempt() {
		RetryTemplate retries = new RetryTemplate(
				RetryPolicy.builder().maxRetries(3).delay(java.time.Duration.ofMillis(1)).build());
		retries.setRetryListener(new JobRetryListener());
		AtomicInteger attempts = new AtomicInteger();
		jobs.run(Job.named("flaky-import"), () -> {
			try {
				retries.execute(() -> {
					if (attempts.incrementAndGet() < 3) {
						throw new IllegalStateException("not yet");
					}
					return "done";
				});
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		SpanData job = named(JobsTestApplication.ended(context), "job flaky-import");
		assertThat(job.getAttributes().get(JOB_ATTEMPT)).isEqualTo(3L);
		assertThat(job.getAttributes().get(JOB_OUTCOME)).isEqualTo("success");
	}

	@Test
	void badDescriptionsAreRefusedWhereTheyAreWritten() {
		assertThatIllegalArgumentException().isThrownBy(() -> Job.named(" "));
		assertThatIllegalArgumentException().isThrownBy(() -> Job.named("x").attempt(0));
		assertThatIllegalArgumentException().isThrownBy(() -> Job.named("x").payloadSize(-1));
		assertThatIllegalArgumentException().isThrownBy(() -> JobRunner.named("", () -> {
		}));
	}

}
