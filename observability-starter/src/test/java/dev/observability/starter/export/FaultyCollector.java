package dev.observability.starter.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/**
 * An OTLP/HTTP receiver on 127.0.0.1 that can behave like a healthy, slow or black-holed
 * collector (one that reads a request and never answers), counting the spans it accepted.
 * Unreachable collectors are {@link #unusedEndpoint()}.
 */
final class FaultyCollector implements AutoCloseable {

	enum Mode {

		HEALTHY, SLOW, BLACK_HOLE

	}

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "faulty-collector");
		thread.setDaemon(true);
		return thread;
	});

	private final CountDownLatch closed = new CountDownLatch(1);

	private final AtomicLong acceptedSpans = new AtomicLong();

	private final List<Headers> traceRequestHeaders = new CopyOnWriteArrayList<>();

	private final List<String> paths = new CopyOnWriteArrayList<>();

	private volatile Mode mode = Mode.HEALTHY;

	private volatile Duration delay = Duration.ZERO;

	FaultyCollector() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	FaultyCollector slow(Duration delay) {
		this.delay = delay;
		this.mode = Mode.SLOW;
		return this;
	}

	FaultyCollector blackHole() {
		this.mode = Mode.BLACK_HOLE;
		return this;
	}

	String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	long acceptedSpans() {
		return this.acceptedSpans.get();
	}

	List<Headers> traceRequestHeaders() {
		return this.traceRequestHeaders;
	}

	List<String> paths() {
		return this.paths;
	}

	private void handle(HttpExchange exchange) throws IOException {
		byte[] body = read(exchange);
		String path = exchange.getRequestURI().getPath();
		try {
			switch (this.mode) {
				case BLACK_HOLE -> {
					this.closed.await();
					return;
				}
				case SLOW -> {
					if (this.closed.await(this.delay.toMillis(), TimeUnit.MILLISECONDS)) {
						return;
					}
				}
				case HEALTHY -> {
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		this.paths.add(path);
		byte[] response = new byte[0];
		if (path.equals("/v1/traces")) {
			this.traceRequestHeaders.add(exchange.getRequestHeaders());
			ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
			this.acceptedSpans.addAndGet(request.getResourceSpansList()
				.stream()
				.flatMap((resource) -> resource.getScopeSpansList().stream())
				.mapToLong((scope) -> scope.getSpansCount())
				.sum());
			response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
		}
		exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
		exchange.sendResponseHeaders(200, (response.length > 0) ? response.length : -1);
		if (response.length > 0) {
			exchange.getResponseBody().write(response);
		}
		exchange.close();
	}

	private static byte[] read(HttpExchange exchange) throws IOException {
		InputStream body = exchange.getRequestBody();
		if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
			body = new GZIPInputStream(body);
		}
		return body.readAllBytes();
	}

	/**
	 * A base URL on which nothing listens.
	 * @return the URL
	 */
	static String unusedEndpoint() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return "http://127.0.0.1:" + socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.closed.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
