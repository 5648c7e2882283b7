package dev.observability.test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import org.jspecify.annotations.Nullable;

import dev.observability.test.OtlpReceiver.ReceivedRequest;
import dev.observability.test.ReceiverMode.Kind;
import dev.observability.test.ReceiverMode.Mode;

/**
 * Answers one OTLP/HTTP request the way the receiver's current mode says: reads the body
 * (gunzipped when {@code Content-Encoding: gzip}), decodes it, records it and answers
 * with the empty protobuf response of its signal, after a delay, never, or with an error
 * status.
 */
final class OtlpExchangeHandler implements HttpHandler {

	private static final String PROTOBUF = "application/x-protobuf";

	private final OtlpReceiver receiver;

	private final ReceiverMode mode;

	OtlpExchangeHandler(OtlpReceiver receiver, ReceiverMode mode) {
		this.receiver = receiver;
		this.mode = mode;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
			String path = exchange.getRequestURI().getPath();
			Signal signal = Signal.of(path);
			byte[] body = exchange.getRequestBody().readAllBytes();
			String contentEncoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
			Mode current = this.mode.current();
			Message decoded = null;
			int status;
			if (signal == null) {
				status = 404;
			}
			else if (!"POST".equals(exchange.getRequestMethod())) {
				status = 405;
			}
			else if (!isProtobuf(exchange.getRequestHeaders().getFirst("Content-Type"))
					|| !isGzipOrIdentity(contentEncoding)) {
				status = 415;
			}
			else if (current.kind() == Kind.FAILING) {
				status = current.status();
			}
			else if (current.kind() == Kind.BLACK_HOLE) {
				status = 0;
			}
			else {
				decoded = decode(signal, body, isGzip(contentEncoding));
				status = (decoded != null) ? 200 : 400;
			}
			this.receiver.record(new ReceivedRequest(exchange.getRequestMethod(), path,
					Collections.unmodifiableMap(headers), body.length, status));
			answer(exchange, current, signal, decoded, status);
		}
		catch (InterruptedException ex) {
			// the receiver is closing: end the connection without an answer
			Thread.currentThread().interrupt();
		}
	}

	private void answer(HttpExchange exchange, Mode current, @Nullable Signal signal, @Nullable Message decoded,
			int status) throws IOException, InterruptedException {
		if (status == 0) {
			// black hole: hold the connection open without an answer, then drop it
			this.mode.holdWhileCurrent(current);
			return;
		}
		if (signal == null || decoded == null) {
			exchange.sendResponseHeaders(status, -1);
			return;
		}
		if (current.kind() == Kind.SLOW && !this.mode.waitFor(current.delay())) {
			return;
		}
		this.receiver.record(decoded);
		byte[] response = signal.response.toByteArray();
		exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
		exchange.sendResponseHeaders(status, (response.length != 0) ? response.length : -1);
		if (response.length != 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(response);
			}
		}
	}

	private static boolean isProtobuf(@Nullable String contentType) {
		return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(PROTOBUF);
	}

	private static boolean isGzipOrIdentity(@Nullable String contentEncoding) {
		return contentEncoding == null || contentEncoding.isBlank()
				|| contentEncoding.trim().equalsIgnoreCase("identity") || isGzip(contentEncoding);
	}

	private static boolean isGzip(@Nullable String contentEncoding) {
		return contentEncoding != null && contentEncoding.trim().equalsIgnoreCase("gzip");
	}

	private static @Nullable Message decode(Signal signal, byte[] body, boolean gzip) {
		try {
			if (!gzip) {
				return signal.parser.parseFrom(body);
			}
			try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
				return signal.parser.parseFrom(in.readAllBytes());
			}
		}
		catch (IOException ex) {
			// not protobuf, or not gzip, or cut short
			return null;
		}
	}

	/**
	 * The three OTLP signals: path, request decoder and (empty) response.
	 */
	private enum Signal {

		TRACES("/v1/traces", ExportTraceServiceRequest.parser(), ExportTraceServiceResponse.getDefaultInstance()),

		METRICS("/v1/metrics", ExportMetricsServiceRequest.parser(), ExportMetricsServiceResponse.getDefaultInstance()),

		LOGS("/v1/logs", ExportLogsServiceRequest.parser(), ExportLogsServiceResponse.getDefaultInstance());

		private final String path;

		private final Parser<? extends Message> parser;

		private final Message response;

		Signal(String path, Parser<? extends Message> parser, Message response) {
			this.path = path;
			this.parser = parser;
			this.response = response;
		}

		static @Nullable Signal of(String path) {
			for (Signal signal : values()) {
				if (signal.path.equals(path)) {
					return signal;
				}
			}
			return null;
		}

	}

}
