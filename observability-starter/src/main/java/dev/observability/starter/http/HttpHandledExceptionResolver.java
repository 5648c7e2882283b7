package dev.observability.starter.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.observability.starter.core.HookFailures;

import org.springframework.core.Ordered;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Puts an exception that Spring MVC is about to resolve (for example through an
 * {@code @ExceptionHandler}) on the request's observation context, so that
 * {@code error.type} names it. Spring MVC itself only reports exceptions that escape the
 * dispatcher or that a resolver turns into a server error page. Resolves nothing: it runs
 * first and hands the exception on to the real resolvers.
 */
public class HttpHandledExceptionResolver implements HandlerExceptionResolver, Ordered {

	static final String HOOK = "http.handled-exception";

	private final HookFailures failures;

	/**
	 * Create an instance whose failures are only logged.
	 */
	public HttpHandledExceptionResolver() {
		this(HookFailures.logOnly());
	}

	/**
	 * Create an instance.
	 * @param failures where its own failures are counted
	 */
	public HttpHandledExceptionResolver(HookFailures failures) {
		this.failures = failures;
	}

	@Override
	public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		try {
			ServerHttpObservationFilter.findObservationContext(request).ifPresent((context) -> {
				if (context.getError() == null) {
					context.setError(ex);
				}
			});
		}
		catch (RuntimeException failure) {
			this.failures.record(HOOK, failure);
		}
		return null;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
