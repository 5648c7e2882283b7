package dev.observability.benchmarks.endtoend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * An OTLP/HTTP collector stand-in for the export loss runs ({@code export-loss.sh}):
 * counts the spans it accepts and can answer late or never. {@code GET /stats} returns
 * {@code spans <accepted> requests <received>}.
 * <p>
 * Run: {@code java -cp benchmarks.jar dev.observability.benchmarks.endtoend.FaultySink
 * <port> healthy|delay:<millis>|blackhole} (loopback only).
 */
public final class FaultySink {

	private final LongAdder spans = new LongAdder();

	private final LongAdder requests = new LongAdder();

	private final long delayMillis;

	private final boolean blackHole;

	private FaultySink(long delayMillis, boolean blackHole) {
		this.delayMillis = delayMillis;
		this.blackHole = blackHole;
	}

	public static void main(String[] args) throws IOException {
		String mode = args[1];
		FaultySink sink = new FaultySink(
				mode.startsWith("delay:") ? Long.parseLong(mode.substring("delay:".length())) : 0,
				mode.equals("blackhole"));
		ExecutorService executor = Executors.newCachedThreadPool();
		HttpServer server = HttpServer
			.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 64);
		server.setExecutor(executor);
		server.createContext("/v1/", sink::receive);
		server.createContext("/stats", sink::stats);
		server.start();
		System.out.println("Faulty OTLP sink (" + mode + ") listening on 127.0.0.1:" + args[0]);
	}

	private void receive(HttpExchange exchange) throws IOException {
		this.requests.increment();
		byte[] body;
		try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
				? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		try {
			if (this.blackHole) {
				Thread.sleep(Long.MAX_VALUE);
			}
			if (this.delayMillis > 0) {
				Thread.sleep(this.delayMillis);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		if (exchange.getRequestURI().getPath().equals("/v1/traces")) {
			this.spans.add(ExportTraceServiceRequest.parseFrom(body)
				.getResourceSpansList()
				.stream()
				.flatMap((resource) -> resource.getScopeSpansList().stream())
				.mapToLong((scope) -> scope.getSpansCount())
				.sum());
		}
		exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
		exchange.sendResponseHeaders(200, -1);
		exchange.close();
	}

	private void stats(HttpExchange exchange) throws IOException {
		byte[] text = ("spans " + this.spans.sum() + " requests " + this.requests.sum() + "\n")
			.getBytes(StandardCharsets.UTF_8);
		exchange.getRequestBody().close();
		exchange.sendResponseHeaders(200, text.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(text);
		}
	}

}
