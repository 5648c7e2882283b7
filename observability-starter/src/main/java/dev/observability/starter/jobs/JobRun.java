package dev.observability.starter.jobs;

import io.micrometer.observation.Observation;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.GuardedObservation;
import dev.observability.starter.core.LeanObservation;
import dev.observability.starter.core.LeanOperation;
import dev.observability.starter.core.LeanPathDecision;
import dev.observability.starter.core.UnitOfWork;
import dev.observability.starter.jobs.JobObservationDocumentation.HighCardinalityKeyNames;

/**
 * One run of a job on the thread that runs it: its span, current (with its observation)
 * from {@link #start} until {@link #end}, its own {@link UnitOfWork}, and what is known
 * about the run so far (its name, attempt and outcome). The run current on a thread is
 * {@link #current()}, so that code inside it (the {@code @Async} method, a retry
 * listener) can tell it more.
 */
final class JobRun {

	static final String UNIT_KIND = "job";

	private static final ThreadLocal<JobRun> current = new ThreadLocal<>();

	private static final io.opentelemetry.api.common.AttributeKey<Long> ATTEMPT = io.opentelemetry.api.common.AttributeKey
		.longKey(HighCardinalityKeyNames.JOB_ATTEMPT.asString());

	private static final io.opentelemetry.api.common.AttributeKey<String> OUTCOME = io.opentelemetry.api.common.AttributeKey
		.stringKey(HighCardinalityKeyNames.JOB_OUTCOME.asString());

	private static final io.opentelemetry.api.common.AttributeKey<Long> QUEUE_WAIT = io.opentelemetry.api.common.AttributeKey
		.longKey(HighCardinalityKeyNames.JOB_QUEUE_WAIT.asString());

	private static final io.opentelemetry.api.common.AttributeKey<Long> PAYLOAD_SIZE = io.opentelemetry.api.common.AttributeKey
		.longKey(HighCardinalityKeyNames.JOB_PAYLOAD_SIZE.asString());

	private final JobInstrumentation instrumentation;

	private JobType type;

	private final boolean provisional;

	private final int attempt;

	private int failedAttempts;

	private final long queueWaitNanos;

	private @Nullable Throwable failure;

	private @Nullable Object claimedBy;

	private @Nullable LeanObservation lean;

	private @Nullable GuardedObservation observed;

	private GuardedObservation.@Nullable Scope observedScope;

	private @Nullable JobContext observedContext;

	private @Nullable UnitOfWork unit;

	private final @Nullable JobRun previous;

	private JobRun(JobInstrumentation instrumentation, JobType type, boolean provisional, int attempt,
			long queueWaitNanos) {
		this.instrumentation = instrumentation;
		this.type = type;
		this.provisional = provisional;
		this.attempt = attempt;
		this.queueWaitNanos = queueWaitNanos;
		this.previous = current.get();
	}

	/**
	 * The run current on this thread.
	 * @return the run, or {@code null}
	 */
	static @Nullable JobRun current() {
		return current.get();
	}

	/**
	 * Start a run on this thread and make it current. Never throws: when the recording
	 * cannot start, the failure is counted and the returned run records nothing.
	 * @param instrumentation the job hooks' instrumentation
	 * @param type the job's type
	 * @param provisional whether the name is the executor's, to be replaced when the task
	 * turns out to be an {@code @Async} method
	 * @param parentContext the context of the submitting code, or {@link Context#root()}
	 * for a run that starts a trace
	 * @param parentObservation the submitting code's observation, or {@code null}
	 * @param spanKind {@code INTERNAL}, or {@code CONSUMER} for work from a message
	 * @param attempt which attempt this is, from 1
	 * @param queueWaitNanos how long the job waited, or {@code -1} when not known
	 * @param payloadSize size of the job's message in bytes, or {@code -1}
	 * @return the run, to {@link #end} on this thread
	 */
	static JobRun start(JobInstrumentation instrumentation, JobType type, boolean provisional, Context parentContext,
			@Nullable Observation parentObservation, SpanKind spanKind, int attempt, long queueWaitNanos,
			long payloadSize) {
		JobRun run = new JobRun(instrumentation, type, provisional, attempt, queueWaitNanos);
		current.set(run);
		try {
			if (instrumentation.path == LeanPathDecision.Path.LEAN) {
				run.startLean(parentContext, parentObservation, spanKind, payloadSize);
			}
			else if (instrumentation.path == LeanPathDecision.Path.OBSERVATION) {
				run.startObserved(parentContext, parentObservation, spanKind, payloadSize);
			}
			run.unit = UnitOfWork.open(UNIT_KIND, type.name(), JobType.spanName(type.name()), run.span());
		}
		catch (Throwable ex) {
			instrumentation.failures.record(JobHook.HOOK, ex);
		}
		return run;
	}

	private void startLean(Context parentContext, @Nullable Observation parentObservation, SpanKind spanKind,
			long payloadSize) throws Throwable {
		JobInstrumentation instrumentation = this.instrumentation;
		LeanOperation operation = LeanOperation.start(this.type.descriptor(spanKind), instrumentation.tracer,
				instrumentation.meters, Attributes.empty(), parentContext);
		Span span = operation.getSpan();
		if (span != null) {
			if (this.queueWaitNanos >= 0) {
				span.setAttribute(QUEUE_WAIT, this.queueWaitNanos / 1_000_000);
			}
			if (payloadSize >= 0) {
				span.setAttribute(PAYLOAD_SIZE, payloadSize);
			}
		}
		LeanObservation observation = LeanObservation.of(instrumentation.registry, operation,
				() -> new JobContext(this.type.name(), this.type.kind(), this.attempt, this.queueWaitNanos,
						payloadSize),
				instrumentation.meters, instrumentation.failures, JobHook.HOOK, parentContext, parentObservation);
		try {
			observation.makeCurrent();
		}
		catch (Throwable ex) {
			observation.abandon();
			throw ex;
		}
		this.lean = observation;
	}

	private void startObserved(Context parentContext, @Nullable Observation parentObservation, SpanKind spanKind,
			long payloadSize) {
		JobInstrumentation instrumentation = this.instrumentation;
		JobContext context = new JobContext(this.type.name(), this.type.kind(), this.attempt, this.queueWaitNanos,
				payloadSize);
		context.setConsumer(spanKind == SpanKind.CONSUMER);
		Observation observation = JobObservationDocumentation.JOB_RUN.observation(instrumentation.convention,
				JobInstrumentation.DEFAULT_CONVENTION, () -> context, instrumentation.registry);
		observation.parentObservation(parentObservation);
		GuardedObservation started;
		// with no parent observation, the tracing handler takes the current span as
		// parent
		try (Scope parent = parentContext.makeCurrent()) {
			started = GuardedObservation.start(observation, instrumentation.failures, JobHook.HOOK);
		}
		if (!started.isNoop()) {
			this.observedContext = context;
			this.observed = started;
			this.observedScope = started.openScope();
		}
	}

	private @Nullable Span span() {
		return (this.lean != null || this.observed != null) ? Span.current() : null;
	}

	/**
	 * Name the run after what it turned out to be, when its name was the executor's.
	 * @param kind the job's kind
	 * @param name the job's name
	 */
	void identify(JobKind kind, String name) {
		if (!this.provisional || this.type.name().equals(name) && this.type.kind() == kind) {
			return;
		}
		try {
			JobType type = this.instrumentation.type(kind, name);
			this.type = type;
			LeanObservation lean = this.lean;
			if (lean != null) {
				lean.describeAs(type.descriptor(spanKindOf(lean)));
			}
			JobContext context = this.observedContext;
			if (context != null) {
				context.setJobName(type.name());
				context.setKind(type.kind());
				context.setContextualName(JobType.spanName(type.name()));
			}
			UnitOfWork unit = this.unit;
			if (unit != null) {
				unit.rename(type.name(), JobType.spanName(type.name()));
			}
		}
		catch (RuntimeException | LinkageError ex) {
			this.instrumentation.failures.record(JobHook.HOOK, ex);
		}
	}

	private static SpanKind spanKindOf(LeanObservation lean) {
		return lean.getDescriptor().getSpanKind();
	}

	/**
	 * Claim the run for what it turns out to run, the first time something does: an
	 * {@code @Async} method, or a task named with {@link JobRunner#named} that an
	 * executor wrapped in a future of its own. The run is named after it.
	 * @param owner what claims the run (the method, the named task)
	 * @param kind the job's kind
	 * @param name the job's name
	 * @return whether the run is the owner's (so that it tells the outcome)
	 */
	boolean claim(Object owner, JobKind kind, String name) {
		if (this.claimedBy == null && this.provisional) {
			this.claimedBy = owner;
			identify(kind, name);
		}
		return owner.equals(this.claimedBy);
	}

	/**
	 * Count a failed attempt of the job within this run, after which it is retried (or
	 * given up).
	 */
	void attemptFailed() {
		this.failedAttempts++;
	}

	/**
	 * Which attempt the run's last one was: a run retried twice after failures that then
	 * succeeded was attempt 3, and so was one whose three attempts all failed.
	 */
	private int lastAttempt(boolean failed) {
		int retries = (failed && this.failedAttempts > 0) ? this.failedAttempts - 1 : this.failedAttempts;
		return this.attempt + retries;
	}

	/**
	 * Record the outcome of the job's last attempt, when a failure does not propagate out
	 * of the run (a task of {@code submit} keeps it in its future, an {@code @Async}
	 * method's goes to its exception handler).
	 * @param failure what the job threw, or {@code null} when it succeeded
	 */
	void failed(@Nullable Throwable failure) {
		this.failure = failure;
	}

	/**
	 * End the run: its span and timer with its outcome, the queue-wait timer, the outcome
	 * counter and the time of the last success; then the previous run, observation and
	 * context are current again. Never throws.
	 * @param thrown what the task threw, or {@code null}
	 */
	void end(@Nullable Throwable thrown) {
		Throwable failure = (thrown != null) ? thrown : this.failure;
		int attempt = lastAttempt(failure != null);
		JobInstrumentation instrumentation = this.instrumentation;
		try {
			// the unit first: its findings become events of the job's span, still open
			UnitOfWork unit = this.unit;
			if (unit != null) {
				unit.close(instrumentation.failures);
			}
		}
		catch (RuntimeException | LinkageError ex) {
			instrumentation.failures.record(JobHook.HOOK, ex);
		}
		try {
			LeanObservation lean = this.lean;
			if (lean != null) {
				Span span = lean.getSpan();
				// the descriptor says attempt 1 and success
				if (span != null && attempt != 1) {
					span.setAttribute(ATTEMPT, (long) attempt);
				}
				if (span != null && failure != null) {
					span.setAttribute(OUTCOME, JobObservationDocumentation.OUTCOME_FAILURE);
				}
				lean.end(failure, JobErrors::type, instrumentation.exceptionMessages);
			}
			GuardedObservation observed = this.observed;
			if (observed != null) {
				JobContext context = this.observedContext;
				if (context != null) {
					context.setAttempt(attempt);
				}
				if (failure != null) {
					observed.error(JobErrors.cause(failure));
				}
				GuardedObservation.Scope scope = this.observedScope;
				if (scope != null) {
					scope.close();
				}
				observed.stop();
			}
			this.type.recordQueueWait(this.queueWaitNanos);
			this.type.recordOutcome((failure != null) ? JobType.FAILURE : JobType.SUCCESS, attempt);
			if (failure == null) {
				this.type.recordSuccess(System.currentTimeMillis());
			}
		}
		catch (RuntimeException | LinkageError ex) {
			instrumentation.failures.record(JobHook.HOOK, ex);
		}
		finally {
			if (this.previous != null) {
				current.set(this.previous);
			}
			else {
				current.remove();
			}
		}
	}

	JobType type() {
		return this.type;
	}

}
