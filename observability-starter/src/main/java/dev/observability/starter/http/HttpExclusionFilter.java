package dev.observability.starter.http;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.observability.starter.core.HookFailures;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Marks the thread while it serves an excluded request (an actuator endpoint or a path
 * matching {@code observability.http.exclude-patterns}), so that
 * {@link HttpExclusionObservationPredicate} suppresses not only the request's own
 * observation but also those made while serving it, such as the query of the database
 * health check. Runs before Spring's {@code ServerHttpObservationFilter}. Work the
 * request hands to other threads is not covered.
 */
public class HttpExclusionFilter extends OncePerRequestFilter {

	/**
	 * Request attribute holding this filter's decision, so that the predicate does not
	 * match the path a second time.
	 */
	static final String EXCLUDED_ATTRIBUTE = HttpExclusionFilter.class.getName() + ".excluded";

	private static final ThreadLocal<Boolean> servingExcluded = new ThreadLocal<>();

	private final HttpExclusions exclusions;

	HttpExclusionFilter(HttpExclusions exclusions) {
		this.exclusions = exclusions;
	}

	/**
	 * Whether the current thread is serving an excluded request.
	 * @return {@code true} inside an excluded request
	 */
	static boolean isServingExcludedRequest() {
		return servingExcluded.get() != null;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean excluded = isExcluded(request);
		request.setAttribute(EXCLUDED_ATTRIBUTE, excluded);
		if (!excluded || isServingExcludedRequest()) {
			chain.doFilter(request, response);
			return;
		}
		servingExcluded.set(Boolean.TRUE);
		try {
			chain.doFilter(request, response);
		}
		finally {
			servingExcluded.remove();
		}
	}

	private boolean isExcluded(HttpServletRequest request) {
		try {
			return this.exclusions.matches(request);
		}
		catch (RuntimeException ex) {
			HookFailures.record(HttpExclusionObservationPredicate.HOOK, ex);
			return false;
		}
	}

}
