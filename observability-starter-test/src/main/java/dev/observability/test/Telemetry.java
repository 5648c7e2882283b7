package dev.observability.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.UnitOfWork;
import dev.observability.starter.core.QueryFinding;

/**
 * The telemetry a test produced: finished traces, meters and query findings. Inject it
 * into a test annotated with {@link ObservabilityTest @ObservabilityTest}; it is reset
 * before each test method.
 *
 * <h2>Meters and the reset</h2> Meters are not removed on reset: instrumentation may hold
 * on to a meter it registered earlier, and a removed meter would silently stop counting.
 * Instead {@link #reset()} takes a baseline, and {@link #meters()} reports counters,
 * timers and summaries relative to it, as if the registry were fresh. Gauges and long
 * task timers report their current value, which no baseline can reset (a pool size stays
 * what it is).
 */
public final class Telemetry {

	/**
	 * How long {@link #traceOf(String)} waits for a trace, because a server span may end
	 * just after the client has its response.
	 */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

	private final InMemorySpanExporter exporter;

	private final OpenSpans openSpans = new OpenSpans();

	private final Supplier<MeterRegistry> meterRegistry;

	private volatile Meters.Baseline baseline = Meters.Baseline.EMPTY;

	private final List<QueryFinding> reported = new CopyOnWriteArrayList<>();

	private volatile @Nullable UnitOfWork testMethod;

	Telemetry(InMemorySpanExporter exporter, Supplier<MeterRegistry> meterRegistry) {
		this.exporter = exporter;
		this.meterRegistry = meterRegistry;
	}

	/**
	 * Newest finished trace whose root span has the given name, waiting up to
	 * {@link #DEFAULT_TIMEOUT} for it. A trace is finished when its root and every span
	 * started under it have ended, so the jobs a request handed to executors are in it
	 * even when they end after the request.
	 * <p>
	 * Passes: {@code telemetry.traceOf("GET /api/tasks")} after a request to
	 * {@code /api/tasks}. Fails: {@code telemetry.traceOf("GET /api/task")}, listing the
	 * root names that were captured, e.g. {@code GET /api/tasks}.
	 * @param rootSpanName name of the root span, e.g. {@code GET
	 * /api/residences/{id}/tasks}
	 * @return the trace
	 * @throws AssertionError if no such trace finished in time
	 */
	public Trace traceOf(String rootSpanName) {
		return traceOf(rootSpanName, DEFAULT_TIMEOUT);
	}

	/**
	 * Newest finished trace whose root span has the given name, waiting up to the given
	 * time for it.
	 * <p>
	 * Passes: {@code telemetry.traceOf("job send-reminders", Duration.ofSeconds(10))}
	 * once that job ran. Fails: the same call when the job never ran, listing the root
	 * names that were captured.
	 * @param rootSpanName name of the root span
	 * @param timeout how long to wait for the trace
	 * @return the trace
	 * @throws AssertionError if no such trace finished in time
	 */
	public Trace traceOf(String rootSpanName, Duration timeout) {
		try {
			return Awaitility.await()
				.atMost(timeout)
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(10))
				.until(() -> newest(rootSpanName), Optional::isPresent)
				.get();
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(FailureMessages.missingTrace(rootSpanName, timeout, traces(), spans()));
		}
	}

	private Optional<Trace> newest(String rootSpanName) {
		return traces().stream()
			.filter((trace) -> trace.rootName().equals(rootSpanName))
			.findFirst()
			.filter((trace) -> this.openSpans.isComplete(trace.root().getTraceId()));
	}

	/**
	 * Every finished trace captured since the last reset, newest root first. Does not
	 * wait.
	 * <p>
	 * Passes: {@code assertThat(telemetry.traces()).hasSize(1)} after one request. Fails:
	 * the same assertion after two requests.
	 * @return the traces
	 */
	public List<Trace> traces() {
		return Trace.assemble(spans(), this.reported);
	}

	/**
	 * N+1 and repeated queries found since the last reset: in every request the test made
	 * (each request is a unit of work, judged when it ends) and in the test method
	 * itself, which is a unit of work too, judged so far. A repository test with no
	 * request can so assert that it has no N+1. Detection and thresholds are the
	 * application's own ({@code observability.jdbc.findings.*}).
	 * <p>
	 * Passes: {@code assertThat(telemetry.findings()).hasNoNPlusOne()} after loading
	 * residences with their tasks in one query. Fails: the same after walking the lazy
	 * tasks of ten residences in the test method.
	 * @return the findings
	 */
	public Findings findings() {
		List<QueryFinding> all = new ArrayList<>(this.reported);
		UnitOfWork unit = this.testMethod;
		if (unit != null && !unit.isClosed()) {
			all.addAll(unit.findingsSoFar());
		}
		return new Findings(all);
	}

	/**
	 * Every span that ended since the last reset, in the order they ended, including
	 * spans whose root has not ended yet.
	 * <p>
	 * Passes: {@code assertThat(telemetry.spans()).isNotEmpty()} after a request. Fails:
	 * the same assertion right after {@link #reset()}.
	 * @return the spans
	 */
	public List<SpanData> spans() {
		return this.exporter.getFinishedSpanItems();
	}

	/**
	 * Meters of the application, relative to the last reset; see the class description
	 * for gauges.
	 * <p>
	 * Passes:
	 * {@code assertThat(telemetry.meters()).timer("http.server.request.duration", "http.route", "/api/tasks").hasCount(1)}
	 * after one request to that route. Fails: the same assertion before any request,
	 * listing the timers that do exist under that name.
	 * @return the meters
	 * @throws IllegalStateException if the application has no meter registry
	 */
	public Meters meters() {
		MeterRegistry registry = this.meterRegistry.get();
		if (registry == null) {
			throw new IllegalStateException("The application context has no MeterRegistry; "
					+ "add spring-boot-starter-actuator (or the observability starter) to the application");
		}
		return new Meters(registry, this.baseline);
	}

	/**
	 * Forget every captured span and take a new meter baseline. Runs automatically before
	 * each test method; call it yourself to ignore telemetry of a test's set-up.
	 * <p>
	 * Passes: {@code telemetry.reset(); assertThat(telemetry.traces()).isEmpty();}.
	 * Fails: {@code assertThat(telemetry.traces()).isEmpty()} after a request without a
	 * reset in between.
	 */
	public void reset() {
		this.exporter.reset();
		this.reported.clear();
		MeterRegistry registry = this.meterRegistry.get();
		this.baseline = (registry != null) ? Meters.Baseline.of(registry) : Meters.Baseline.EMPTY;
	}

	OpenSpans openSpans() {
		return this.openSpans;
	}

	InMemorySpanExporter exporter() {
		return this.exporter;
	}

	void record(QueryFinding finding) {
		this.reported.add(finding);
	}

	void testMethodStarted(@Nullable UnitOfWork unit) {
		this.testMethod = unit;
	}

}
