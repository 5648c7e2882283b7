package dev.observability.starter.core;

import io.micrometer.observation.Observation;

/**
 * How an integration's observations are recorded as meters on the Observation path: the
 * context type they use, and whether a {@code <name>.active} long-task timer is kept
 * beside the timer. Each integration declares one as a bean; see
 * {@link CachingMeterObservationHandler}.
 *
 * @param contextType the integration's observation context type
 * @param longTaskTimer whether a long-task timer is recorded
 */
public record OperationMeterSettings(Class<? extends Observation.Context> contextType, boolean longTaskTimer) {

}
