package dev.observability.starter.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.observability.starter.core.HookFailures;
import dev.observability.starter.http.HttpObservationDocumentation.HighCardinalityKeyNames;
import dev.observability.starter.http.HttpObservationDocumentation.LowCardinalityKeyNames;

import org.springframework.http.server.observation.OpenTelemetryServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/**
 * Spring Framework's OpenTelemetry convention for HTTP server requests, with four
 * additions:
 * <ul>
 * <li>a request that no application route matched is reported with {@code http.route}
 * {@value #ROUTE_NOT_FOUND} and a span name of just the method, also when Spring's static
 * resource handler (mapped to the catch-all {@code /**} in a default Boot application)
 * took it and found no resource: Spring would report {@code /**} there;</li>
 * <li>{@code error.type} is the status code of a 5xx response that ended without an
 * exception (Spring reports {@code none} there);</li>
 * <li>{@code http.route} is bounded: after {@code maxRoutes} distinct routes, further
 * ones are reported as {@value #ROUTE_OVERFLOW}, so a route value built from raw request
 * data can never create an unbounded number of series;</li>
 * <li>a failure in this convention (or in a subclass) never fails the request: it is
 * reported to {@link HookFailures} and a fixed set of key values is used instead.</li>
 * </ul>
 * Subclass it and declare it as a {@code ServerRequestObservationConvention} bean to
 * change names or keys; the starter then backs off.
 */
public class DefaultHttpServerRequestObservationConvention extends OpenTelemetryServerRequestObservationConvention {

	/**
	 * Route reported once the number of distinct routes has reached its limit.
	 */
	public static final String ROUTE_OVERFLOW = "_OTHER";

	/**
	 * Route reported for a request that no route matched, as Spring reports it.
	 */
	public static final String ROUTE_NOT_FOUND = "NOT_FOUND";

	static final String HOOK = "http.convention";

	private static final String UNKNOWN = "UNKNOWN";

	private static final Set<String> SPRING_FIXED_ROUTES = Set.of(ROUTE_NOT_FOUND, "REDIRECTION", UNKNOWN, "root");

	private static final KeyValues FALLBACK_LOW_CARDINALITY = KeyValues.of(
			KeyValue.of(LowCardinalityKeyNames.ERROR_TYPE, UNKNOWN),
			KeyValue.of(LowCardinalityKeyNames.HTTP_REQUEST_METHOD, UNKNOWN),
			KeyValue.of(LowCardinalityKeyNames.HTTP_RESPONSE_STATUS_CODE, UNKNOWN),
			KeyValue.of(LowCardinalityKeyNames.HTTP_ROUTE, UNKNOWN),
			KeyValue.of(LowCardinalityKeyNames.OUTCOME, UNKNOWN),
			KeyValue.of(LowCardinalityKeyNames.URL_SCHEME, UNKNOWN));

	private static final KeyValues FALLBACK_HIGH_CARDINALITY = KeyValues.of(
			KeyValue.of(HighCardinalityKeyNames.HTTP_REQUEST_METHOD_ORIGINAL, UNKNOWN),
			KeyValue.of(HighCardinalityKeyNames.URL_PATH, UNKNOWN));

	private static final KeyValue ROUTE_OVERFLOW_VALUE = KeyValue.of(LowCardinalityKeyNames.HTTP_ROUTE, ROUTE_OVERFLOW);

	private static final KeyValue ROUTE_NOT_FOUND_VALUE = KeyValue.of(LowCardinalityKeyNames.HTTP_ROUTE,
			ROUTE_NOT_FOUND);

	private final Set<String> routes = ConcurrentHashMap.newKeySet();

	private final int routeLimit;

	private final HookFailures failures;

	/**
	 * Create a convention that reports at most {@code maxRoutes} distinct application
	 * routes (Spring's fixed values such as {@code NOT_FOUND} do not count).
	 * @param maxRoutes the limit, at least 1
	 */
	public DefaultHttpServerRequestObservationConvention(int maxRoutes) {
		this(maxRoutes, HookFailures.logOnly());
	}

	/**
	 * Create a convention that reports at most {@code maxRoutes} distinct application
	 * routes and counts its own failures.
	 * @param maxRoutes the limit, at least 1
	 * @param failures where its own failures are counted
	 */
	public DefaultHttpServerRequestObservationConvention(int maxRoutes, HookFailures failures) {
		this.failures = failures;
		this.routes.addAll(SPRING_FIXED_ROUTES);
		this.routeLimit = SPRING_FIXED_ROUTES.size() + Math.max(1, maxRoutes);
	}

	@Override
	public String getContextualName(ServerRequestObservationContext context) {
		try {
			if (isMissingStaticResource(context)) {
				String method = getMethodValue(context);
				return (method != null) ? method : "HTTP";
			}
			return super.getContextualName(context);
		}
		catch (RuntimeException ex) {
			this.failures.record(HOOK, ex);
			return "HTTP";
		}
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
		try {
			return super.getLowCardinalityKeyValues(context);
		}
		catch (RuntimeException ex) {
			this.failures.record(HOOK, ex);
			return FALLBACK_LOW_CARDINALITY;
		}
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ServerRequestObservationContext context) {
		try {
			return super.getHighCardinalityKeyValues(context);
		}
		catch (RuntimeException ex) {
			this.failures.record(HOOK, ex);
			return FALLBACK_HIGH_CARDINALITY;
		}
	}

	@Override
	protected KeyValue pathTemplate(ServerRequestObservationContext context) {
		if (isMissingStaticResource(context)) {
			return ROUTE_NOT_FOUND_VALUE;
		}
		KeyValue route = super.pathTemplate(context);
		return admit(route.getValue()) ? route : ROUTE_OVERFLOW_VALUE;
	}

	/**
	 * Whether Spring's static resource handler took the request and answered 404. Its
	 * mapping (by default {@code /**}) matches every path, so without this every unknown
	 * URL of a default Boot application would be reported as that pattern.
	 * @param context the request's context
	 * @return whether the request asked for a resource that does not exist
	 */
	private static boolean isMissingStaticResource(ServerRequestObservationContext context) {
		HttpServletRequest request = context.getCarrier();
		HttpServletResponse response = context.getResponse();
		if (request == null || response == null || response.getStatus() != HttpServletResponse.SC_NOT_FOUND) {
			return false;
		}
		Object handler = request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE);
		return handler instanceof ResourceHttpRequestHandler;
	}

	@Override
	protected KeyValue exception(ServerRequestObservationContext context) {
		HttpServletResponse response = context.getResponse();
		if (context.getError() == null && response != null && response.getStatus() >= 500) {
			return KeyValue.of(LowCardinalityKeyNames.ERROR_TYPE, Integer.toString(response.getStatus()));
		}
		return super.exception(context);
	}

	/**
	 * Whether a route may be reported. Known routes are admitted without locking; a new
	 * route takes a lock so that concurrent requests can never admit more than the limit.
	 * Once the limit is reached, unknown routes are refused without locking too.
	 * @param route the route
	 * @return whether it is (now) one of the admitted routes
	 */
	private boolean admit(String route) {
		if (this.routes.contains(route)) {
			return true;
		}
		if (this.routes.size() >= this.routeLimit) {
			return false;
		}
		synchronized (this.routes) {
			if (this.routes.contains(route)) {
				return true;
			}
			if (this.routes.size() >= this.routeLimit) {
				return false;
			}
			return this.routes.add(route);
		}
	}

}
