package dev.observability.sample.residence;

/**
 * The starter's telemetry of the residences API on the default wiring: in-memory H2.
 */
class H2ResidenceTelemetryTests extends ResidenceTelemetryScenario {

}
