package dev.observability.starter.http;

import io.micrometer.observation.Observation;

import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.SuppressedWork;
import dev.observability.starter.core.SuppressingObservationPredicate;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Turns observations into no-ops for excluded requests: the request's own observation (no
 * span, no {@code http.server.*} meters), decided from its path when the observation is
 * created, and every observation made on the thread while
 * {@link ObservabilityServerHttpObservationFilter} serves it.
 */
public class HttpExclusionObservationPredicate implements SuppressingObservationPredicate {

	static final String HOOK = "http.exclusion";

	private final HttpExclusions exclusions;

	private final HookFailures failures;

	HttpExclusionObservationPredicate(HttpExclusions exclusions, HookFailures failures) {
		this.exclusions = exclusions;
		this.failures = failures;
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		try {
			if (SuppressedWork.isActive()) {
				return false;
			}
			if (context instanceof ServerRequestObservationContext serverContext
					&& serverContext.getCarrier() != null) {
				return !this.exclusions.matches(serverContext.getCarrier());
			}
			return true;
		}
		catch (RuntimeException ex) {
			this.failures.record(HOOK, ex);
			return true;
		}
	}

}
