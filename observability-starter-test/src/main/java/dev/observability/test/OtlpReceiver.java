package dev.observability.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.jspecify.annotations.Nullable;

import dev.observability.test.ReceiverMode.Kind;

/**
 * OTLP/HTTP receiver for tests, in place of a collector: listens on {@code 127.0.0.1},
 * accepts {@code POST /v1/traces}, {@code /v1/metrics} and {@code /v1/logs} with protobuf
 * bodies (gzipped or not), decodes them with the official OpenTelemetry protobuf classes
 * and keeps what arrived, with every request's headers. Fault modes
 * ({@link #slow(Duration)}, {@link #blackHole()}, {@link #failing(int)}) simulate a bad
 * collector and can be switched while an application exports; for an unreachable one use
 * {@link #unusedEndpoint()}. Thread-safe.
 *
 * <pre class="code">
 * try (OtlpReceiver receiver = OtlpReceiver.start()) {
 *     exporter = OtlpHttpSpanExporter.builder().setEndpoint(receiver.endpoint() + "/v1/traces").build();
 *     ...
 *     assertThat(receiver.awaitSpans(3, Duration.ofSeconds(10)))
 *         .extracting(ReceivedSpan::name).contains("GET /api/tasks");
 * }
 * </pre>
 */
public final class OtlpReceiver implements AutoCloseable {

	private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition spansArrived = this.lock.newCondition();

	private final List<ReceivedRequest> requests = new ArrayList<>();

	private final List<ResourceSpans> resourceSpans = new ArrayList<>();

	private final List<ReceivedSpan> spans = new ArrayList<>();

	private final List<ResourceMetrics> resourceMetrics = new ArrayList<>();

	private final List<ResourceLogs> resourceLogs = new ArrayList<>();

	private long spanCount;

	private long rejectedRequestCount;

	private final ReceiverMode mode = new ReceiverMode();

	// a held (black-holed or slow) request occupies a thread; healthy ones must still run
	private final ExecutorService executor = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "otlp-receiver-" + THREAD_NUMBERS.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	});

	private final HttpServer server;

	private OtlpReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", new OtlpExchangeHandler(this, this.mode));
	}

	/**
	 * Starts a healthy receiver on a free port of {@code 127.0.0.1}.
	 * @return the running receiver; {@link #close() close} it when done
	 * @throws UncheckedIOException if no port can be bound
	 */
	public static OtlpReceiver start() {
		try {
			OtlpReceiver receiver = new OtlpReceiver();
			receiver.server.start();
			return receiver;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Base URL of a port on {@code 127.0.0.1} that nothing listens on, to simulate an
	 * unreachable collector: connections are refused. The port was free a moment ago;
	 * another process could take it, which on a test machine is unlikely.
	 * @return e.g. {@code http://127.0.0.1:54321}
	 */
	public static String unusedEndpoint() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return "http://127.0.0.1:" + socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Base URL of this receiver, without a path: append {@code /v1/traces},
	 * {@code /v1/metrics} or {@code /v1/logs} for exporters that take the full URL (as
	 * Spring Boot's properties do).
	 * @return e.g. {@code http://127.0.0.1:54321}
	 */
	public String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Answers every request at once with {@code 200}; the default.
	 * @return this receiver
	 */
	public OtlpReceiver healthy() {
		this.mode.set(Kind.HEALTHY, Duration.ZERO, 200);
		return this;
	}

	/**
	 * Answers each request only after the given delay, then accepts it. Data the exporter
	 * gave up on meanwhile (its timeout was shorter) is still received, as with a real
	 * slow collector; compare {@link #spanCount()} with exporter counters only when the
	 * delay is shorter than the exporter's timeout. Requests received before the switch
	 * keep their mode.
	 * @param delay how long each answer takes
	 * @return this receiver
	 */
	public OtlpReceiver slow(Duration delay) {
		this.mode.set(Kind.SLOW, delay, 200);
		return this;
	}

	/**
	 * Reads each request and never answers, keeping the connection open, until the mode
	 * changes or the receiver closes; then the connection is closed without an answer.
	 * Nothing of a black-holed request is received, but the request is listed in
	 * {@link #requests(String)} with status {@code 0}.
	 * @return this receiver
	 */
	public OtlpReceiver blackHole() {
		this.mode.set(Kind.BLACK_HOLE, Duration.ZERO, 0);
		return this;
	}

	/**
	 * Answers each request with the given error status without decoding it: nothing is
	 * received, and the request counts as rejected.
	 * @param status e.g. {@code 503} (which OpenTelemetry exporters retry) or {@code 400}
	 * (which they do not)
	 * @return this receiver
	 */
	public OtlpReceiver failing(int status) {
		if (status < 400 || status > 599) {
			throw new IllegalArgumentException("Expected an error status (400-599) but got " + status);
		}
		this.mode.set(Kind.FAILING, Duration.ZERO, status);
		return this;
	}

	/**
	 * Spans received so far, in order of arrival.
	 * @return the spans, as plain values
	 */
	public List<ReceivedSpan> spans() {
		return read(() -> List.copyOf(this.spans));
	}

	/**
	 * Spans received so far as OTLP sent them, grouped by resource and instrumentation
	 * scope, one element per {@code ResourceSpans} of each request.
	 * @return the protobuf messages
	 */
	public List<ResourceSpans> resourceSpans() {
		return read(() -> List.copyOf(this.resourceSpans));
	}

	/**
	 * Number of spans in accepted trace requests; compare it with what an exporter counts
	 * as exported.
	 * @return the total since start (or {@link #clear()})
	 */
	public long spanCount() {
		return read(() -> this.spanCount);
	}

	/**
	 * Waits until at least {@code count} spans have arrived.
	 * <p>
	 * Passes: {@code receiver.awaitSpans(3, Duration.ofSeconds(10))} when an application
	 * exports a request's three spans. Fails after 10 s when only two arrived, listing
	 * their names and the requests that did arrive (for example
	 * {@code POST /v1/traces -> 503} while {@link #failing(int) failing}).
	 * @param count how many spans are expected at least
	 * @param timeout how long to wait at most
	 * @return all spans received so far (at least {@code count})
	 * @throws AssertionError if fewer spans arrived in time
	 */
	public List<ReceivedSpan> awaitSpans(int count, Duration timeout) {
		this.lock.lock();
		try {
			long nanos = timeout.toNanos();
			while (this.spans.size() < count && nanos > 0) {
				nanos = this.spansArrived.awaitNanos(nanos);
			}
			if (this.spans.size() < count) {
				throw new AssertionError(
						ReceiverFailureMessages.tooFewSpans(count, timeout, endpoint(), this.spans, this.requests));
			}
			return List.copyOf(this.spans);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for " + count + " spans", ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Names of the metrics received so far, each once, in order of first arrival.
	 * @return e.g. {@code [http.server.request.duration, jvm.memory.used]}
	 */
	public List<String> metricNames() {
		return metrics().stream().map(Metric::getName).distinct().toList();
	}

	/**
	 * Metrics received so far, one element per metric per request (a metric pushed every
	 * step appears once per push).
	 * @return the protobuf messages
	 */
	public List<Metric> metrics() {
		return resourceMetrics().stream()
			.flatMap((resource) -> resource.getScopeMetricsList().stream())
			.flatMap((scope) -> scope.getMetricsList().stream())
			.toList();
	}

	/**
	 * Metrics received so far as OTLP sent them, with their resource and scope.
	 * @return the protobuf messages
	 */
	public List<ResourceMetrics> resourceMetrics() {
		return read(() -> List.copyOf(this.resourceMetrics));
	}

	/**
	 * Log records received so far.
	 * @return the protobuf messages
	 */
	public List<LogRecord> logs() {
		return resourceLogs().stream()
			.flatMap((resource) -> resource.getScopeLogsList().stream())
			.flatMap((scope) -> scope.getLogRecordsList().stream())
			.toList();
	}

	/**
	 * Log records received so far as OTLP sent them, with their resource and scope.
	 * @return the protobuf messages
	 */
	public List<ResourceLogs> resourceLogs() {
		return read(() -> List.copyOf(this.resourceLogs));
	}

	/**
	 * Every request that arrived, whatever its path and whatever the answer.
	 * @return the requests in order of arrival
	 */
	public List<ReceivedRequest> requests() {
		return read(() -> List.copyOf(this.requests));
	}

	/**
	 * Requests that arrived at a path, whatever the answer.
	 * @param path e.g. {@code /v1/traces}
	 * @return the requests in order of arrival
	 */
	public List<ReceivedRequest> requests(String path) {
		return requests().stream().filter((request) -> request.path().equals(path)).toList();
	}

	/**
	 * Number of requests answered with an error status: those refused while
	 * {@link #failing(int) failing}, and malformed ones (unknown path {@code 404}, not a
	 * {@code POST} {@code 405}, not protobuf {@code 415}, not decodable {@code 400}).
	 * @return the total since start (or {@link #clear()})
	 */
	public long rejectedRequestCount() {
		return read(() -> this.rejectedRequestCount);
	}

	/**
	 * Forgets everything received and resets the counts, so one receiver can serve
	 * several tests. The mode stays as it is.
	 */
	public void clear() {
		this.lock.lock();
		try {
			this.requests.clear();
			this.resourceSpans.clear();
			this.spans.clear();
			this.resourceMetrics.clear();
			this.resourceLogs.clear();
			this.spanCount = 0;
			this.rejectedRequestCount = 0;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Stops the receiver at once: held (black-holed or slow) requests lose their
	 * connection without an answer, and the port is freed. Calling it again does nothing.
	 */
	@Override
	public void close() {
		this.mode.close();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	void record(ReceivedRequest request) {
		this.lock.lock();
		try {
			this.requests.add(request);
			if (request.status() >= 400) {
				this.rejectedRequestCount++;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	void record(Message export) {
		this.lock.lock();
		try {
			if (export instanceof ExportTraceServiceRequest traces) {
				for (ResourceSpans resource : traces.getResourceSpansList()) {
					this.resourceSpans.add(resource);
					List<ReceivedSpan> received = OtlpValues.spans(resource);
					this.spans.addAll(received);
					this.spanCount += received.size();
				}
				this.spansArrived.signalAll();
			}
			else if (export instanceof ExportMetricsServiceRequest metrics) {
				this.resourceMetrics.addAll(metrics.getResourceMetricsList());
			}
			else if (export instanceof ExportLogsServiceRequest logs) {
				this.resourceLogs.addAll(logs.getResourceLogsList());
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private <T> T read(Supplier<T> reader) {
		this.lock.lock();
		try {
			return reader.get();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * One received span as plain values.
	 *
	 * @param traceId trace id, 32 lowercase hex digits
	 * @param spanId span id, 16 lowercase hex digits
	 * @param parentSpanId parent's span id, 16 lowercase hex digits, or empty for a root
	 * span
	 * @param name span name, e.g. {@code GET /api/residences/{id}/tasks}
	 * @param kind span kind ({@code INTERNAL} when OTLP says unspecified)
	 * @param attributes span attributes in the order sent: {@code String},
	 * {@code Boolean}, {@code Long}, {@code Double}, {@code byte[]}, a {@code List} of
	 * these, or a {@code Map} for a key-value list
	 * @param resourceAttributes attributes of the resource that sent the span, e.g.
	 * {@code service.name}
	 * @param scopeName name of the instrumentation scope that created the span
	 * @param statusCode span status
	 * @param statusMessage status description, empty when none
	 * @param startEpochNanos start time in nanoseconds since the epoch
	 * @param endEpochNanos end time in nanoseconds since the epoch
	 * @param raw the span as OTLP sent it, for events, links and flags
	 */
	public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, SpanKind kind,
			Map<String, @Nullable Object> attributes, Map<String, @Nullable Object> resourceAttributes,
			String scopeName, StatusCode statusCode, String statusMessage, long startEpochNanos, long endEpochNanos,
			Span raw) {

		/**
		 * Whether the span has no parent.
		 * @return {@code true} for a root span
		 */
		public boolean isRoot() {
			return this.parentSpanId.isEmpty();
		}

		@Override
		public String toString() {
			return this.name + " (" + this.kind + ", span " + this.spanId + ", parent "
					+ (isRoot() ? "none" : this.parentSpanId) + ") " + this.attributes;
		}

	}

	/**
	 * One HTTP request the receiver got.
	 *
	 * @param method HTTP method, normally {@code POST}
	 * @param path request path, e.g. {@code /v1/traces}
	 * @param headers request headers; looking a name up ignores case
	 * @param bodySize size of the body as sent (compressed, if it was), in bytes
	 * @param status status the receiver answers with: {@code 200}, an error status, or
	 * {@code 0} for a request it holds without ever answering ({@link #blackHole()})
	 */
	public record ReceivedRequest(String method, String path, Map<String, List<String>> headers, int bodySize,
			int status) {

		/**
		 * First value of a header, whatever the case of its name.
		 * <p>
		 * Passes:
		 * {@code assertThat(request.header("authorization")).isEqualTo("Bearer x")} when
		 * the exporter sent {@code Authorization: Bearer x}. Fails when it sent no such
		 * header: the value is {@code null}.
		 * @param name header name, e.g. {@code Authorization}
		 * @return the value, or {@code null} if the request had no such header
		 */
		public @Nullable String header(String name) {
			List<String> values = this.headers.get(name);
			return (values != null && !values.isEmpty()) ? values.get(0) : null;
		}

		@Override
		public String toString() {
			return this.method + " " + this.path + " -> " + ((this.status != 0) ? this.status : "no answer");
		}

	}

}
