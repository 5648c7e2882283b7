package dev.observability.starter.jobs;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Runs the application's own units of work as jobs: what a worker loop or a queue
 * consumer does per message gets a span (a child of the span in the message's
 * {@code traceparent}, or of the current span), the job meters ({@code job.run.duration},
 * {@code job.queue.wait.duration}, {@code job.outcomes}, {@code job.last.success}) and a
 * unit of work of its own, in which N+1 queries are found. Inject it; it is a bean
 * whenever job observability is on.
 *
 * <pre class="code">
 * void onMessage(Message message) {
 *     jobs.run(Job.named("send-push").parentFrom(message.headers()).attempt(message.deliveryCount()),
 *             () -&gt; pushes.send(message.body()));
 * }
 * </pre>
 *
 * The static {@link #named(String, Runnable)} names a task handed to an executor, which
 * is otherwise named after the executor.
 */
public final class JobRunner {

	private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(Map<String, String> carrier) {
			return carrier.keySet();
		}

		@Override
		public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
			if (carrier == null) {
				return null;
			}
			String value = carrier.get(key);
			if (value == null) {
				for (Map.Entry<String, String> entry : carrier.entrySet()) {
					if (entry.getKey() != null && entry.getKey().toLowerCase(Locale.ROOT).equals(key)) {
						return entry.getValue();
					}
				}
			}
			return value;
		}

	};

	private static final String NAMED_PREFIX = "JobRunner.named(";

	private final JobHook hook;

	JobRunner(JobHook hook) {
		this.hook = hook;
	}

	/**
	 * Run {@code work} as one run of {@code job} on the calling thread. What the work
	 * throws is recorded as the run's failure and thrown on.
	 * @param job the job
	 * @param work the work
	 */
	public void run(Job job, Runnable work) {
		Assert.notNull(work, "Work must not be null");
		JobRun run = start(job);
		Throwable thrown = null;
		try {
			work.run();
		}
		catch (RuntimeException | Error ex) {
			thrown = ex;
			throw ex;
		}
		finally {
			end(run, thrown);
		}
	}

	/**
	 * Run {@code work} as one run of {@code job} on the calling thread and return its
	 * result. What the work throws is recorded as the run's failure and thrown on.
	 * @param <T> the result type
	 * @param job the job
	 * @param work the work
	 * @return what the work returned
	 * @throws Exception what the work threw
	 */
	public <T> T call(Job job, Callable<T> work) throws Exception {
		Assert.notNull(work, "Work must not be null");
		JobRun run = start(job);
		Throwable thrown = null;
		try {
			return work.call();
		}
		catch (Exception | Error ex) {
			thrown = ex;
			throw ex;
		}
		finally {
			end(run, thrown);
		}
	}

	/**
	 * A task that runs {@code work} as a run of {@code job} each time it runs, for a
	 * worker framework that takes a {@code Runnable}.
	 * @param job the job
	 * @param work the work
	 * @return the decorated task
	 */
	public Runnable decorate(Job job, Runnable work) {
		Assert.notNull(job, "Job must not be null");
		Assert.notNull(work, "Work must not be null");
		return () -> run(job, work);
	}

	/**
	 * Name a task handed to an executor: its job is reported under this name rather than
	 * the executor's.
	 * @param name the job's name, a bounded value (a metric tag)
	 * @param task the task
	 * @return the named task, to hand to the executor
	 */
	public static Runnable named(String name, Runnable task) {
		Assert.hasText(name, "A job's name must not be empty");
		Assert.notNull(task, "Task must not be null");
		return new NamedRunnable(name, task);
	}

	/**
	 * Name a task handed to an executor; see {@link #named(String, Runnable)}.
	 * @param <T> the result type
	 * @param name the job's name, a bounded value (a metric tag)
	 * @param task the task
	 * @return the named task, to hand to the executor
	 */
	public static <T> Callable<T> named(String name, Callable<T> task) {
		Assert.hasText(name, "A job's name must not be empty");
		Assert.notNull(task, "Task must not be null");
		return new NamedCallable<>(name, task);
	}

	/**
	 * The name of a named task from its description, when only that is at hand (a
	 * scheduler's wrapper of it describes itself by it).
	 * @param description the description
	 * @return the name, or {@code null} when it is not a named task's description
	 */
	static @Nullable String nameOfDescription(String description) {
		return (description.startsWith(NAMED_PREFIX) && description.endsWith(")"))
				? description.substring(NAMED_PREFIX.length(), description.length() - 1) : null;
	}

	static @Nullable String nameOf(Object task) {
		if (task instanceof NamedRunnable named) {
			return named.name();
		}
		if (task instanceof NamedCallable<?> named) {
			return named.name();
		}
		return null;
	}

	private @Nullable JobRun start(Job job) {
		Assert.notNull(job, "Job must not be null");
		JobInstrumentation instrumentation = this.hook.instrumentation();
		if (instrumentation == null) {
			return null;
		}
		try {
			Context parent = Context.current();
			SpanKind kind = SpanKind.INTERNAL;
			Map<String, String> headers = job.getHeaders();
			if (headers != null) {
				Context remote = W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, HEADERS);
				parent = Span.fromContext(remote).getSpanContext().isValid() ? remote : Context.root();
				kind = SpanKind.CONSUMER;
			}
			long enqueued = job.getEnqueuedAtMillis();
			long wait = (enqueued > 0) ? Math.max(0, System.currentTimeMillis() - enqueued) * 1_000_000 : -1;
			return JobRun.start(instrumentation, instrumentation.type(JobKind.WORKER, job.getName()), false, parent,
					(headers != null) ? null : instrumentation.registry.getCurrentObservation(), kind, job.getAttempt(),
					wait, job.getPayloadSize());
		}
		catch (RuntimeException | LinkageError ex) {
			instrumentation.failures.record(JobHook.HOOK, ex);
			return null;
		}
	}

	private static void end(@Nullable JobRun run, @Nullable Throwable thrown) {
		if (run != null) {
			run.end(thrown);
		}
	}

	/**
	 * Name the job running the task, when the executor wrapped the task before the
	 * starter saw it (a {@code submit} to a Spring executor hands it a future).
	 */
	private static void claim(Object task, String name) {
		JobRun run = JobRun.current();
		if (run != null) {
			run.claim(task, run.type().kind(), name);
		}
	}

	private record NamedRunnable(String name, Runnable task) implements Runnable {

		@Override
		public void run() {
			claim(this, this.name);
			this.task.run();
		}

		@Override
		public String toString() {
			return NAMED_PREFIX + this.name + ")";
		}

	}

	private record NamedCallable<T>(String name, Callable<T> task) implements Callable<T> {

		@Override
		public T call() throws Exception {
			claim(this, this.name);
			return this.task.call();
		}

		@Override
		public String toString() {
			return NAMED_PREFIX + this.name + ")";
		}

	}

}
