package dev.observability.starter.http;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

import dev.observability.starter.core.HookFailures;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Turns observations into no-ops for excluded requests: the request's own observation (no
 * span, no {@code http.server.*} meters) and every observation made on the thread while
 * {@link HttpExclusionFilter} serves it.
 */
public class HttpExclusionObservationPredicate implements ObservationPredicate {

	static final String HOOK = "http.exclusion";

	private final HttpExclusions exclusions;

	HttpExclusionObservationPredicate(HttpExclusions exclusions) {
		this.exclusions = exclusions;
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		try {
			if (HttpExclusionFilter.isServingExcludedRequest()) {
				return false;
			}
			if (context instanceof ServerRequestObservationContext serverContext
					&& serverContext.getCarrier() != null) {
				Object decided = serverContext.getCarrier().getAttribute(HttpExclusionFilter.EXCLUDED_ATTRIBUTE);
				return (decided != null) ? !((Boolean) decided) : !this.exclusions.matches(serverContext.getCarrier());
			}
			return true;
		}
		catch (RuntimeException ex) {
			HookFailures.record(HOOK, ex);
			return true;
		}
	}

}
