package dev.observability.starter.http;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.observability.starter.core.HookFailures;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.util.WebUtils;

/**
 * Counts request and response body bytes for the current HTTP observation, read by
 * {@link HttpBodySizeObservationHandler} when the observation stops. The request's
 * {@code Content-Length} is used when the client sent one; otherwise, and always for the
 * response, the streams are wrapped with counters (never buffered). Runs right after
 * Spring's {@code ServerHttpObservationFilter}; requests without an observation (for
 * example excluded ones) are passed on untouched.
 */
public class HttpBodySizeFilter extends OncePerRequestFilter {

	static final String HOOK = "http.body-size";

	private final HookFailures failures;

	/**
	 * Create an instance whose failures are only logged.
	 */
	public HttpBodySizeFilter() {
		this(HookFailures.logOnly());
	}

	/**
	 * Create an instance.
	 * @param failures where its own failures are counted
	 */
	public HttpBodySizeFilter(HookFailures failures) {
		this.failures = failures;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpServletRequest countedRequest = request;
		HttpServletResponse countedResponse = response;
		try {
			ServerRequestObservationContext context = ServerHttpObservationFilter.findObservationContext(request)
				.orElse(null);
			if (context != null) {
				HttpBodySizes sizes = context.computeIfAbsent(HttpBodySizes.class, (key) -> sizesFor(request));
				if (request.getContentLengthLong() < 0
						&& WebUtils.getNativeRequest(request, CountingHttpServletRequest.class) == null) {
					countedRequest = new CountingHttpServletRequest(request, sizes);
				}
				if (WebUtils.getNativeResponse(response, CountingHttpServletResponse.class) == null) {
					countedResponse = new CountingHttpServletResponse(response, sizes);
				}
			}
		}
		catch (RuntimeException ex) {
			this.failures.record(HOOK, ex);
			countedRequest = request;
			countedResponse = response;
		}
		chain.doFilter(countedRequest, countedResponse);
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
