package dev.observability.starter.http;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import org.slf4j.MDC;

import dev.observability.starter.core.HookFailures;

/**
 * Keeps the trace ids of a failed request in the logging context until the container is
 * done with the request. When a request's handling throws, the servlet container logs the
 * failure at ERROR ({@code Servlet.service() ... threw exception}) after the request's
 * observation — and with it the trace ids in the MDC — has ended, so the one line that
 * matters would name no trace. The filter remembers the trace while the request's span is
 * still current, puts its ids back into the MDC (under the keys Micrometer Tracing uses)
 * once the observation has ended, and this listener removes them when the container
 * destroys the request, on the same thread.
 */
final class FailedRequestLogging implements ServletRequestListener {

	static final String HOOK = "http.failed-request-logging";

	static final String TRACE_ID = "traceId";

	static final String SPAN_ID = "spanId";

	private static final String TRACE = FailedRequestLogging.class.getName() + ".trace";

	private static final String KEPT = FailedRequestLogging.class.getName() + ".kept";

	/**
	 * Remember the current span of a request whose handling threw, while it is current.
	 * @param request the request
	 * @param failures where the hook's own failures are counted
	 */
	static void rememberTrace(ServletRequest request, HookFailures failures) {
		try {
			SpanContext span = Span.current().getSpanContext();
			if (span.isValid()) {
				request.setAttribute(TRACE, span);
			}
		}
		catch (RuntimeException ex) {
			failures.record(HOOK, ex);
		}
	}

	/**
	 * Put the remembered ids into the MDC for the container's own log lines about the
	 * failure, unless something else already set them.
	 * @param request the request
	 * @param failures where the hook's own failures are counted
	 */
	static void keepTraceIds(ServletRequest request, HookFailures failures) {
		try {
			if (request.getAttribute(TRACE) instanceof SpanContext span && MDC.get(TRACE_ID) == null) {
				MDC.put(TRACE_ID, span.getTraceId());
				MDC.put(SPAN_ID, span.getSpanId());
				request.setAttribute(KEPT, Boolean.TRUE);
			}
		}
		catch (RuntimeException ex) {
			failures.record(HOOK, ex);
		}
	}

	@Override
	public void requestDestroyed(ServletRequestEvent event) {
		if (event.getServletRequest().getAttribute(KEPT) != null) {
			MDC.remove(TRACE_ID);
			MDC.remove(SPAN_ID);
		}
	}

}
