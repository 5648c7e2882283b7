package dev.observability.starter.http;

import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.observation.ServerRequestObservationContext;

import dev.observability.starter.core.SpanStartAttributes;

/**
 * Attributes of an HTTP server span known when the request arrives, given before the span
 * starts so that a sampler can decide on them.
 */
final class HttpSpanStartAttributes {

	private HttpSpanStartAttributes() {
	}

	/**
	 * Put {@code url.path} (the request's path within the application) on the span.
	 * @param context the request's observation context
	 * @param span the span's builder
	 */
	static void urlPath(ReceiverContext<?> context, Span.Builder span) {
		if (context instanceof ServerRequestObservationContext server) {
			HttpServletRequest request = server.getCarrier();
			String path = request.getRequestURI();
			String contextPath = request.getContextPath();
			if (path != null && contextPath != null && !contextPath.isEmpty() && path.startsWith(contextPath)) {
				path = path.substring(contextPath.length());
			}
			if (path != null) {
				span.tag(SpanStartAttributes.URL_PATH, path);
			}
		}
	}

}
