package dev.observability.starter.http;

import java.io.IOException;

import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.SuppressedWork;
import dev.observability.starter.core.UnitOfWork;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.util.WebUtils;

/**
 * Spring's {@link ServerHttpObservationFilter}, registered by the starter in place of
 * Boot's, which does the starter's request work inside the same filter pass:
 * <ul>
 * <li>an excluded request (an actuator endpoint or a path matching
 * {@code observability.http.exclude-patterns}) gets no observation, because
 * {@link HttpExclusionObservationPredicate} turns it into a no-op when Spring creates it;
 * the thread is then marked as {@link SuppressedWork} while the request is served, so
 * that the observations made for it (such as the query of the database health check) are
 * skipped too. Work the request hands to other threads is not covered;</li>
 * <li>for an observed request, request and response body bytes are counted into
 * {@link HttpBodySizes} on the observation context, read by
 * {@link HttpBodySizeObservationHandler} when it stops. The request's
 * {@code Content-Length} is used when the client sent one; otherwise, and always for the
 * response, the streams are wrapped with counters (never buffered).</li>
 * <li>an observed request is a {@link UnitOfWork}, named by its route, so that what it
 * runs (N+1 queries, ...) is judged per request, however many threads and transactions it
 * uses; findings become events of its span.</li>
 * </ul>
 * A failure of this work is counted in {@link HookFailures} and the request is served as
 * without it.
 */
public class ObservabilityServerHttpObservationFilter extends ServerHttpObservationFilter {

	static final String BODY_SIZE_HOOK = "http.body-size";

	static final String UNIT_OF_WORK_HOOK = "http.unit-of-work";

	static final String UNIT_KIND = "http";

	static final String TRACE_HEADER_HOOK = "http.trace-header";

	private static final String TRACEPARENT = "traceparent";

	private static final String UNKNOWN_ROUTE = "UNKNOWN";

	private final HttpExclusions exclusions;

	private final boolean countBodySizes;

	private final HookFailures failures;

	private final @Nullable String traceHeader;

	ObservabilityServerHttpObservationFilter(ObservationRegistry registry,
			ServerRequestObservationConvention convention, HttpExclusions exclusions, boolean countBodySizes,
			HookFailures failures) {
		this(registry, convention, exclusions, countBodySizes, failures, null);
	}

	/**
	 * Create the filter.
	 * @param registry the observation registry
	 * @param convention the convention of request observations
	 * @param exclusions the requests that are not observed
	 * @param countBodySizes whether body sizes are counted
	 * @param failures where hook failures are counted
	 * @param traceHeader name of the response header that carries the trace id, or
	 * {@code null} for none
	 */
	ObservabilityServerHttpObservationFilter(ObservationRegistry registry,
			ServerRequestObservationConvention convention, HttpExclusions exclusions, boolean countBodySizes,
			HookFailures failures, @Nullable String traceHeader) {
		super(registry, convention);
		this.exclusions = exclusions;
		this.countBodySizes = countBodySizes;
		this.failures = failures;
		this.traceHeader = traceHeader;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			super.doFilterInternal(request, response,
					(observedRequest, observedResponse) -> serve((HttpServletRequest) observedRequest,
							(HttpServletResponse) observedResponse, chain));
		}
		catch (ServletException | IOException | RuntimeException | Error ex) {
			FailedRequestLogging.keepTraceIds(request, this.failures);
			throw ex;
		}
	}

	/**
	 * Serve the request inside the scope of its observation, or of the no-op that stands
	 * for it.
	 */
	private void serve(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ServerRequestObservationContext context = observationContext(request);
		if (context != null) {
			serveObserved(context, request, response, chain);
		}
		else if (isExcluded(request) && SuppressedWork.enter()) {
			try {
				chain.doFilter(request, response);
			}
			finally {
				SuppressedWork.exit();
			}
		}
		else {
			chain.doFilter(request, response);
		}
	}

	private ServerRequestObservationContext observationContext(HttpServletRequest request) {
		try {
			return ServerHttpObservationFilter.findObservationContext(request).orElse(null);
		}
		catch (RuntimeException ex) {
			this.failures.record(BODY_SIZE_HOOK, ex);
			return null;
		}
	}

	private void serveObserved(ServerRequestObservationContext context, HttpServletRequest request,
			HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
		UnitOfWork unit = openUnitOfWork(request);
		if (this.traceHeader != null) {
			writeTraceHeader(this.traceHeader, response);
		}
		try {
			serveCounted(context, request, response, chain);
		}
		catch (ServletException | IOException | RuntimeException | Error ex) {
			FailedRequestLogging.rememberTrace(request, this.failures);
			throw ex;
		}
		finally {
			if (unit != null) {
				closeUnitOfWork(unit, context, request);
			}
		}
	}

	/**
	 * Tell the caller the trace of its request, before the response is committed: the W3C
	 * {@code traceparent} value under that name, the trace id alone under any other.
	 */
	private void writeTraceHeader(String name, HttpServletResponse response) {
		try {
			SpanContext span = Span.current().getSpanContext();
			if (span.isValid()) {
				response.setHeader(name, TRACEPARENT.equalsIgnoreCase(name)
						? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex()
						: span.getTraceId());
			}
		}
		catch (RuntimeException ex) {
			this.failures.record(TRACE_HEADER_HOOK, ex);
		}
	}

	/**
	 * The request is a unit of work, named by its route once it is known, whose findings
	 * (N+1 queries, ...) become events of its span.
	 */
	private @Nullable UnitOfWork openUnitOfWork(HttpServletRequest request) {
		try {
			return UnitOfWork.open(UNIT_KIND, UNKNOWN_ROUTE, request.getMethod() + " " + UNKNOWN_ROUTE, Span.current());
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.record(UNIT_OF_WORK_HOOK, ex);
			return null;
		}
	}

	private void closeUnitOfWork(UnitOfWork unit, ServerRequestObservationContext context, HttpServletRequest request) {
		try {
			String route = context.getPathPattern();
			if (route != null) {
				unit.rename(route, request.getMethod() + " " + route);
			}
			unit.close(this.failures);
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.record(UNIT_OF_WORK_HOOK, ex);
		}
	}

	private void serveCounted(ServerRequestObservationContext context, HttpServletRequest request,
			HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
		if (!this.countBodySizes) {
			chain.doFilter(request, response);
			return;
		}
		HttpServletRequest countedRequest = request;
		HttpServletResponse countedResponse = response;
		try {
			HttpBodySizes sizes = context.computeIfAbsent(HttpBodySizes.class, (key) -> sizesFor(request));
			if (request.getContentLengthLong() < 0
					&& WebUtils.getNativeRequest(request, CountingHttpServletRequest.class) == null) {
				countedRequest = new CountingHttpServletRequest(request, sizes);
			}
			if (WebUtils.getNativeResponse(response, CountingHttpServletResponse.class) == null) {
				countedResponse = new CountingHttpServletResponse(response, sizes);
			}
		}
		catch (RuntimeException ex) {
			this.failures.record(BODY_SIZE_HOOK, ex);
			countedRequest = request;
			countedResponse = response;
		}
		chain.doFilter(countedRequest, countedResponse);
	}

	private boolean isExcluded(HttpServletRequest request) {
		try {
			return this.exclusions.matches(request);
		}
		catch (RuntimeException ex) {
			this.failures.record(HttpExclusionObservationPredicate.HOOK, ex);
			return false;
		}
	}

	private static HttpBodySizes sizesFor(HttpServletRequest request) {
		HttpBodySizes sizes = new HttpBodySizes();
		long contentLength = request.getContentLengthLong();
		if (contentLength >= 0) {
			sizes.requestContentLength(contentLength);
		}
		return sizes;
	}

}
