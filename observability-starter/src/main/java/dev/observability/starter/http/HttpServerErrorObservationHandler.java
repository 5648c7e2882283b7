package dev.observability.starter.http;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.StatusCode;
import jakarta.servlet.http.HttpServletResponse;

import dev.observability.starter.core.HookFailures;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Marks the span of a request that ended with a 5xx response as failed (status
 * {@code ERROR}), recording the exception as a span event when one is known. The tracing
 * bridge already does this for an exception that escaped the dispatcher or that Spring
 * reported as a server error; this handler covers a 5xx returned by an
 * {@code @ExceptionHandler} or by the controller itself. Client errors (4xx) leave the
 * span status unset, as the OpenTelemetry conventions require for server spans.
 * <p>
 * Runs before the tracing handler ends the span, because Boot registers handlers that
 * belong to no group after the tracing and meter groups, and observations notify
 * {@code onStop} in reverse order.
 */
public class HttpServerErrorObservationHandler implements ObservationHandler<ServerRequestObservationContext> {

	static final String HOOK = "http.span-status";

	private static final Object ERROR_REPORTED = HttpServerErrorObservationHandler.class.getName() + ".reported";

	private final HookFailures failures;

	/**
	 * Create an instance whose failures are only logged.
	 */
	public HttpServerErrorObservationHandler() {
		this(HookFailures.logOnly());
	}

	/**
	 * Create an instance.
	 * @param failures where its own failures are counted
	 */
	public HttpServerErrorObservationHandler(HookFailures failures) {
		this.failures = failures;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

	@Override
	public void onError(ServerRequestObservationContext context) {
		context.put(ERROR_REPORTED, Boolean.TRUE);
	}

	@Override
	public void onStop(ServerRequestObservationContext context) {
		try {
			HttpServletResponse response = context.getResponse();
			if (response == null || response.getStatus() < 500 || context.containsKey(ERROR_REPORTED)) {
				return;
			}
			TracingContext tracing = context.get(TracingContext.class);
			Span span = (tracing != null) ? tracing.getSpan() : null;
			if (span == null) {
				return;
			}
			if (context.getError() != null) {
				span.error(context.getError());
			}
			else {
				OtelSpan.toOtel(span).setStatus(StatusCode.ERROR);
			}
		}
		catch (RuntimeException ex) {
			this.failures.record(HOOK, ex);
		}
	}

}
