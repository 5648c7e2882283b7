package dev.observability.sample.residence;

import dev.observability.sample.WithEmbeddedPostgres;

/**
 * The starter's telemetry of the residences API on the {@code postgres} profile, against
 * embedded PostgreSQL.
 */
@WithEmbeddedPostgres
class PostgresResidenceTelemetryTests extends ResidenceTelemetryScenario {

}
