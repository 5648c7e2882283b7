package dev.observability.benchmarks.endtoend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * OTLP/HTTP receiver that discards what it gets: answers {@code 200} with an empty
 * protobuf body (a valid, empty export response) to {@code POST /v1/traces},
 * {@code /v1/metrics} and {@code /v1/logs}, and counts requests and bytes per path so the
 * report can show that export happened. {@code GET /stats} returns the counts as
 * {@code path requests bytes} lines; {@code POST /reset} zeroes them.
 * <p>
 * Run:
 * {@code java -cp benchmarks.jar dev.observability.benchmarks.endtoend.OtlpSink <port>}
 * (loopback only), or in-process with {@link #start(int)}.
 */
public final class OtlpSink implements AutoCloseable {

	private static final List<String> PATHS = List.of("/v1/traces", "/v1/metrics", "/v1/logs");

	private final Map<String, LongAdder[]> counts = new ConcurrentHashMap<>();

	private final ExecutorService executor = Executors.newFixedThreadPool(2, (task) -> {
		Thread thread = new Thread(task, "otlp-sink");
		thread.setDaemon(true);
		return thread;
	});

	private final HttpServer server;

	private OtlpSink(int port) throws IOException {
		for (String path : PATHS) {
			this.counts.put(path, new LongAdder[] { new LongAdder(), new LongAdder() });
		}
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
		this.server.setExecutor(this.executor);
		for (String path : PATHS) {
			this.server.createContext(path, this::receive);
		}
		this.server.createContext("/stats", this::stats);
		this.server.createContext("/reset", this::reset);
	}

	public static void main(String[] args) throws IOException {
		OtlpSink sink = start(Integer.parseInt(args[0]));
		System.out.println("OTLP sink listening on 127.0.0.1:" + sink.port());
	}

	/**
	 * Starts a sink on the loopback interface.
	 * @param port the port to listen on, {@code 0} for a free one
	 * @return the running sink
	 * @throws IOException if the port cannot be bound
	 */
	public static OtlpSink start(int port) throws IOException {
		OtlpSink sink = new OtlpSink(port);
		sink.server.start();
		return sink;
	}

	/**
	 * Port the sink listens on.
	 * @return the bound port
	 */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * Trace export requests received so far.
	 * @return the number of {@code POST /v1/traces} requests
	 */
	public long traceRequests() {
		return this.counts.get("/v1/traces")[0].sum();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void receive(HttpExchange exchange) throws IOException {
		long bytes = 0;
		try (InputStream body = exchange.getRequestBody()) {
			byte[] buffer = new byte[16384];
			for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
				bytes += read;
			}
		}
		LongAdder[] count = this.counts.get(exchange.getHttpContext().getPath());
		count[0].increment();
		count[1].add(bytes);
		exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
		exchange.sendResponseHeaders(200, -1);
		exchange.close();
	}

	private void stats(HttpExchange exchange) throws IOException {
		StringBuilder text = new StringBuilder();
		new TreeMap<>(this.counts).forEach((path, count) -> text.append(path)
			.append(' ')
			.append(count[0].sum())
			.append(' ')
			.append(count[1].sum())
			.append('\n'));
		respond(exchange, text.toString());
	}

	private void reset(HttpExchange exchange) throws IOException {
		this.counts.values().forEach((count) -> {
			count[0].reset();
			count[1].reset();
		});
		respond(exchange, "reset\n");
	}

	private static void respond(HttpExchange exchange, String text) throws IOException {
		byte[] body = text.getBytes(StandardCharsets.UTF_8);
		exchange.getRequestBody().close();
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
