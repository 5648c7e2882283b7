/**
 * One observation (span and timer) per SQL statement executed through an application's
 * {@link javax.sql.DataSource}, with SQL analysis that keeps literals out of telemetry.
 */
@NullMarked
package dev.observability.starter.jdbc;

import org.jspecify.annotations.NullMarked;
