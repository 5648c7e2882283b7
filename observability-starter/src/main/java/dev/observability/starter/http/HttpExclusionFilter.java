package dev.observability.starter.http;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.SuppressedWork;

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

	private final HttpExclusions exclusions;

	private final HookFailures failures;

	HttpExclusionFilter(HttpExclusions exclusions, HookFailures failures) {
		this.exclusions = exclusions;
		this.failures = failures;
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
		if (!excluded || !SuppressedWork.enter()) {
			chain.doFilter(request, response);
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			SuppressedWork.exit();
		}
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

}
