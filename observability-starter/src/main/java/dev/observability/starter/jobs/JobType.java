package dev.observability.starter.jobs;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.SpanKind;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.OperationDescriptor;
import dev.observability.starter.jobs.JobObservationDocumentation.HighCardinalityKeyNames;
import dev.observability.starter.jobs.JobObservationDocumentation.LowCardinalityKeyNames;
import dev.observability.starter.jobs.JobObservationDocumentation.MeterKeyNames;

/**
 * Everything about one job (a kind and a name) that does not change from run to run,
 * built once: the descriptors of its span and run timer, its queue-wait timer, its
 * outcome counters and the time of its last success.
 */
final class JobType {

	/**
	 * Attempts beyond this one share the {@code job.attempt} tag value of the counter.
	 */
	static final int MAX_ATTEMPT_TAG = 5;

	private static final String[] OUTCOMES = { JobObservationDocumentation.OUTCOME_SUCCESS,
			JobObservationDocumentation.OUTCOME_FAILURE, JobObservationDocumentation.OUTCOME_REJECTED };

	static final int SUCCESS = 0;

	static final int FAILURE = 1;

	static final int REJECTED = 2;

	private final JobKind kind;

	private final String name;

	private final OperationDescriptor internal;

	private final OperationDescriptor consumer;

	private final @Nullable MeterRegistry registry;

	private volatile @Nullable Timer queueWait;

	private final AtomicReferenceArray<Counter> outcomes = new AtomicReferenceArray<>(
			OUTCOMES.length * MAX_ATTEMPT_TAG);

	private final AtomicLong lastSuccessMillis = new AtomicLong();

	private volatile boolean lastSuccessRegistered;

	JobType(JobKind kind, String name, @Nullable MeterRegistry registry) {
		this.kind = kind;
		this.name = name;
		this.registry = registry;
		this.internal = descriptor(kind, name, SpanKind.INTERNAL);
		this.consumer = descriptor(kind, name, SpanKind.CONSUMER);
	}

	private static OperationDescriptor descriptor(JobKind kind, String name, SpanKind spanKind) {
		return OperationDescriptor
			.builder(JobObservationDocumentation.JOB_RUN.getName(), spanName(name), spanKind,
					LowCardinalityKeyNames.ERROR_TYPE.asString())
			.lowCardinality(LowCardinalityKeyNames.JOB_NAME.asString(), name)
			.lowCardinality(LowCardinalityKeyNames.JOB_KIND.asString(), kind.value())
			// what most runs end with, so that a run sets these only when they differ
			.highCardinality(HighCardinalityKeyNames.JOB_ATTEMPT.asString(), 1)
			.highCardinality(HighCardinalityKeyNames.JOB_OUTCOME.asString(),
					JobObservationDocumentation.OUTCOME_SUCCESS)
			.build();
	}

	/**
	 * The span name of a job's runs: {@code job} and the job's name.
	 * @param name the job's name
	 * @return the span name
	 */
	static String spanName(String name) {
		return "job " + name;
	}

	JobKind kind() {
		return this.kind;
	}

	String name() {
		return this.name;
	}

	OperationDescriptor descriptor(SpanKind spanKind) {
		return (spanKind == SpanKind.CONSUMER) ? this.consumer : this.internal;
	}

	void recordQueueWait(long nanos) {
		if (this.registry == null || nanos < 0) {
			return;
		}
		Timer timer = this.queueWait;
		if (timer == null) {
			timer = Timer.builder(JobObservationDocumentation.QUEUE_WAIT)
				.description("Time jobs waited between their submission and their start")
				.tag(LowCardinalityKeyNames.JOB_NAME.asString(), this.name)
				.tag(LowCardinalityKeyNames.JOB_KIND.asString(), this.kind.value())
				.register(this.registry);
			this.queueWait = timer;
		}
		timer.record(nanos, TimeUnit.NANOSECONDS);
	}

	void recordOutcome(int outcome, int attempt) {
		if (this.registry == null) {
			return;
		}
		int attemptSlot = Math.min(Math.max(attempt, 1), MAX_ATTEMPT_TAG) - 1;
		int index = outcome * MAX_ATTEMPT_TAG + attemptSlot;
		Counter counter = this.outcomes.get(index);
		if (counter == null) {
			String attemptTag = (attemptSlot == MAX_ATTEMPT_TAG - 1) ? MAX_ATTEMPT_TAG + "+"
					: Integer.toString(attemptSlot + 1);
			counter = Counter.builder(JobObservationDocumentation.OUTCOMES)
				.description("Runs of jobs by outcome (success, failure, rejected) and attempt")
				.tag(LowCardinalityKeyNames.JOB_NAME.asString(), this.name)
				.tag(LowCardinalityKeyNames.JOB_KIND.asString(), this.kind.value())
				.tag(MeterKeyNames.OUTCOME.asString(), OUTCOMES[outcome])
				.tag(MeterKeyNames.JOB_ATTEMPT.asString(), attemptTag)
				.register(this.registry);
			this.outcomes.set(index, counter);
		}
		counter.increment();
	}

	void recordSuccess(long epochMillis) {
		this.lastSuccessMillis.set(epochMillis);
		MeterRegistry registry = this.registry;
		if (registry != null && !this.lastSuccessRegistered) {
			this.lastSuccessRegistered = true;
			TimeGauge
				.builder(JobObservationDocumentation.LAST_SUCCESS, this.lastSuccessMillis, TimeUnit.MILLISECONDS,
						AtomicLong::doubleValue)
				.description("When the job last ran successfully, since the epoch")
				.tag(LowCardinalityKeyNames.JOB_NAME.asString(), this.name)
				.tag(LowCardinalityKeyNames.JOB_KIND.asString(), this.kind.value())
				.register(registry);
		}
	}

	/**
	 * When the job last succeeded.
	 * @return milliseconds since the epoch, or {@code 0} when it never did
	 */
	long lastSuccessMillis() {
		return this.lastSuccessMillis.get();
	}

	@Override
	public String toString() {
		return this.kind.value() + " " + this.name;
	}

}
