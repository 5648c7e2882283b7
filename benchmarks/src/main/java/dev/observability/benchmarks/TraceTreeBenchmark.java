package dev.observability.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.observability.starter.tracelog.TraceLogSpanProcessor;
import dev.observability.starter.tracelog.TraceTreeRenderer;

/**
 * Cost of the trace log, a development aid that is off by default. When it is off the
 * starter registers no span processor at all, so its cost is zero by construction and
 * there is nothing to measure. When it is on, every ended span is buffered per trace
 * ({@code traceWithTraceLog} minus {@code traceWithoutTraceLog}: one trace of
 * {@code spans} spans created and ended through the OTel SDK, the root lasting less than
 * the minimum duration so that nothing is logged) and a logged trace is rendered as a
 * tree ({@code renderDetailed}, {@code renderNamesOnly}; the test kit uses the latter).
 * <p>
 * Run:
 * {@code java -jar benchmarks/target/benchmarks.jar TraceTree -f 1 -wi 3 -i 5 -w 1 -r 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TraceTreeBenchmark {

	/**
	 * Spans per trace: 4 is the sample endpoint (HTTP, service, two statements), 23 an
	 * endpoint with 21 statements.
	 */
	@Param({ "4", "23" })
	public int spans;

	private SdkTracerProvider plainProvider;

	private SdkTracerProvider traceLogProvider;

	private Tracer plain;

	private Tracer withTraceLog;

	private List<SpanData> trace;

	@Setup
	public void setUp() {
		this.plainProvider = SdkTracerProvider.builder().build();
		this.traceLogProvider = SdkTracerProvider.builder()
			.addSpanProcessor(new TraceLogSpanProcessor(Duration.ofHours(1), 1000, 1000))
			.build();
		this.plain = this.plainProvider.get("benchmark");
		this.withTraceLog = this.traceLogProvider.get("benchmark");
		List<SpanData> collected = new ArrayList<>();
		try (SdkTracerProvider collecting = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(new CollectingExporter(collected)))
			.build()) {
			createTrace(collecting.get("benchmark"), this.spans);
		}
		this.trace = collected;
		if (this.trace.size() != this.spans) {
			throw new IllegalStateException("Expected " + this.spans + " spans but got " + this.trace.size());
		}
	}

	@TearDown
	public void tearDown() {
		this.plainProvider.close();
		this.traceLogProvider.close();
	}

	@Benchmark
	public Span traceWithoutTraceLog() {
		return createTrace(this.plain, this.spans);
	}

	@Benchmark
	public Span traceWithTraceLog() {
		return createTrace(this.withTraceLog, this.spans);
	}

	@Benchmark
	public String renderDetailed() {
		return TraceTreeRenderer.detailed().render(this.trace);
	}

	@Benchmark
	public String renderNamesOnly() {
		return TraceTreeRenderer.namesOnly().render(this.trace);
	}

	/**
	 * HTTP root, one service span, then {@code spans - 2} statement spans under the
	 * service span, each with the attributes the starter records.
	 */
	private static Span createTrace(Tracer tracer, int spans) {
		Span root = tracer.spanBuilder("GET /api/residences/{id}/tasks").setNoParent().startSpan();
		root.setAttribute("http.response.status_code", "200");
		Context rootContext = Context.root().with(root);
		Span service = tracer.spanBuilder("TaskService.listForResidence").setParent(rootContext).startSpan();
		Context serviceContext = rootContext.with(service);
		for (int i = 0; i < spans - 2; i++) {
			Span statement = tracer.spanBuilder("SELECT task").setParent(serviceContext).startSpan();
			statement.setAttribute("db.query.text", "select t.id, t.title from task t where t.residence_id = ?");
			statement.setAttribute("db.system.name", "h2");
			statement.end();
		}
		service.end();
		root.end();
		return root;
	}

	/**
	 * Exporter that keeps the spans it receives.
	 */
	private static final class CollectingExporter implements SpanExporter {

		private final List<SpanData> spans;

		CollectingExporter(List<SpanData> spans) {
			this.spans = spans;
		}

		@Override
		public CompletableResultCode export(Collection<SpanData> batch) {
			this.spans.addAll(batch);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
