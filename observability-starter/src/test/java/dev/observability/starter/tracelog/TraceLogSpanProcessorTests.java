package dev.observability.starter.tracelog;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.observability.starter.core.HookFailures;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

@ExtendWith(OutputCaptureExtension.class)
class TraceLogSpanProcessorTests {

	private static final long T0 = 1_700_000_000_000L;

	private SdkTracerProvider provider;

	@AfterEach
	void closeProvider() {
		if (this.provider != null) {
			this.provider.close();
		}
	}

	@Test
	void logsTheTreeOnlyWhenTheRootEnds(CapturedOutput output) {
		Tracer tracer = tracer(new TraceLogSpanProcessor(Duration.ZERO, 10, 10));
		Span root = start(tracer, "GET /api/tasks", null, 0);
		Span service = start(tracer, "TaskService.list", root, 1);
		Span query = start(tracer, "SELECT task", service, 2);
		query.setAttribute("db.query.text", "select * from task");
		query.end(T0 + 3, TimeUnit.MILLISECONDS);
		service.end(T0 + 4, TimeUnit.MILLISECONDS);
		assertThat(output).doesNotContain("Trace ");
		root.end(T0 + 25, TimeUnit.MILLISECONDS);
		assertThat(output).contains("Trace " + root.getSpanContext().getTraceId() + " took 25.0 ms (3 spans):\n"
				+ "GET /api/tasks (25.0 ms)\n" + "  TaskService.list (3.00 ms)\n"
				+ "    SELECT task (1.00 ms) db.query.text=\"select * from task\"\n");
	}

	@Test
	void logsOnlyTracesWhoseRootLastedAtLeastTheMinimumDuration(CapturedOutput output) {
		Tracer tracer = tracer(new TraceLogSpanProcessor(Duration.ofMillis(100), 10, 10));
		start(tracer, "GET /fast", null, 0).end(T0 + 99, TimeUnit.MILLISECONDS);
		start(tracer, "GET /slow", null, 0).end(T0 + 100, TimeUnit.MILLISECONDS);
		assertThat(output).doesNotContain("GET /fast").contains("took 100 ms (1 span):\nGET /slow (100 ms)");
	}

	@Test
	void treatsASpanWithARemoteParentAsTheLocalRoot(CapturedOutput output) {
		Tracer tracer = tracer(new TraceLogSpanProcessor(Duration.ZERO, 10, 10));
		SpanContext remote = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
				TraceFlags.getSampled(), TraceState.getDefault());
		Span server = tracer.spanBuilder("GET /api/tasks")
			.setParent(Context.root().with(Span.wrap(remote)))
			.setStartTimestamp(T0, TimeUnit.MILLISECONDS)
			.startSpan();
		start(tracer, "SELECT task", server, 1).end(T0 + 2, TimeUnit.MILLISECONDS);
		server.end(T0 + 5, TimeUnit.MILLISECONDS);
		assertThat(output).contains("Trace 0af7651916cd43dd8448eb211c80319c took 5.00 ms (2 spans):\n"
				+ "GET /api/tasks (5.00 ms)\n  SELECT task (1.00 ms)");
	}

	@Test
	void dropsTheOldestPendingTraceWhenTooManyWaitToBeComplete(CapturedOutput output) {
		TraceLogSpanProcessor processor = new TraceLogSpanProcessor(Duration.ZERO, 2, 10);
		Tracer tracer = tracer(processor);
		Span first = start(tracer, "GET /first", null, 0);
		start(tracer, "SELECT first", first, 1).end(T0 + 2, TimeUnit.MILLISECONDS);
		Span second = start(tracer, "GET /second", null, 0);
		start(tracer, "SELECT second", second, 1).end(T0 + 2, TimeUnit.MILLISECONDS);
		Span third = start(tracer, "GET /third", null, 0);
		start(tracer, "SELECT third", third, 1).end(T0 + 2, TimeUnit.MILLISECONDS);
		assertThat(processor.getPendingTraces()).isEqualTo(2);
		assertThat(processor.getEvictedTraces()).isEqualTo(1);
		assertThat(processor.getEvictedSpans()).isEqualTo(1);
		first.end(T0 + 3, TimeUnit.MILLISECONDS);
		second.end(T0 + 3, TimeUnit.MILLISECONDS);
		assertThat(output).doesNotContain("GET /first").contains("(2 spans):\nGET /second (3.00 ms)\n");
	}

	@Test
	void waitsForSpansThatEndAfterTheRootBeforeLoggingTheTrace(CapturedOutput output) {
		TraceLogSpanProcessor processor = new TraceLogSpanProcessor(Duration.ZERO, 10, 10);
		Tracer tracer = tracer(processor);
		Span root = start(tracer, "POST /api/tasks/{id}/complete", null, 0);
		Span job = start(tracer, "job ReminderSender.send", root, 2);
		root.end(T0 + 5, TimeUnit.MILLISECONDS);
		assertThat(output).doesNotContain("Trace ");
		assertThat(processor.getPendingTraces()).isEqualTo(1);
		start(tracer, "SELECT task", job, 6).end(T0 + 7, TimeUnit.MILLISECONDS);
		job.end(T0 + 9, TimeUnit.MILLISECONDS);
		assertThat(output).contains("took 5.00 ms (3 spans):\n" + "POST /api/tasks/{id}/complete (5.00 ms)\n"
				+ "  job ReminderSender.send (7.00 ms)\n" + "    SELECT task (1.00 ms)");
		assertThat(processor.getPendingTraces()).isZero();
	}

	@Test
	void ignoresSpansOfATraceAlreadyLogged(CapturedOutput output) {
		TraceLogSpanProcessor processor = new TraceLogSpanProcessor(Duration.ZERO, 10, 10);
		Tracer tracer = tracer(processor);
		Span root = start(tracer, "GET /api/tasks", null, 0);
		root.end(T0 + 1, TimeUnit.MILLISECONDS);
		start(tracer, "late", root, 2).end(T0 + 3, TimeUnit.MILLISECONDS);
		assertThat(processor.getPendingTraces()).isZero();
		assertThat(output).doesNotContain("late");
	}

	@Test
	void keepsAtMostTheMaximumSpansPerTraceDroppingTheEarliestEnded(CapturedOutput output) {
		TraceLogSpanProcessor processor = new TraceLogSpanProcessor(Duration.ZERO, 10, 2);
		Tracer tracer = tracer(processor);
		Span root = start(tracer, "GET /api/tasks", null, 0);
		for (int i = 1; i <= 3; i++) {
			start(tracer, "SELECT task " + i, root, i).end(T0 + i + 1, TimeUnit.MILLISECONDS);
		}
		root.end(T0 + 10, TimeUnit.MILLISECONDS);
		assertThat(processor.getEvictedSpans()).isEqualTo(2);
		assertThat(processor.getPendingTraces()).isZero();
		assertThat(output)
			.contains("(2 spans; 2 earlier spans dropped over observability.trace-log.max-spans-per-trace):\n"
					+ "GET /api/tasks (10.0 ms)\n  SELECT task 3 (1.00 ms)");
	}

	@Test
	void neverThrowsIntoTheTracerAndRecordsTheFailure() {
		HookFailures failures = HookFailures.logOnly();
		TraceLogSpanProcessor processor = new TraceLogSpanProcessor(Duration.ZERO, 10, 10, failures);
		ReadableSpan broken = (ReadableSpan) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { ReadableSpan.class }, (proxy, method, args) -> {
					throw new IllegalStateException("broken span");
				});
		assertThatNoException().isThrownBy(() -> processor.onEnd(broken));
		assertThat(failures.count("trace-log")).isEqualTo(1);
	}

	private Tracer tracer(TraceLogSpanProcessor processor) {
		this.provider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
		return this.provider.get("test");
	}

	private static Span start(Tracer tracer, String name, Span parent, long startMillis) {
		return tracer.spanBuilder(name)
			.setParent((parent != null) ? Context.root().with(parent) : Context.root())
			.setStartTimestamp(T0 + startMillis, TimeUnit.MILLISECONDS)
			.startSpan();
	}

}
