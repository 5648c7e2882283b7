package dev.observability.starter.core;

import io.micrometer.observation.ObservationPredicate;

/**
 * A predicate of the starter that, for observations other than its own integration's,
 * only turns off those made during {@link SuppressedWork}. Hooks on the lean path check
 * {@link SuppressedWork} themselves, so such a predicate does not force the Observation
 * path on them.
 */
public interface SuppressingObservationPredicate extends ObservationPredicate {

}
