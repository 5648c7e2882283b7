/**
 * Connection pool support: warming HikariCP pools up before the application reports
 * ready.
 */
@NullMarked
package dev.observability.starter.pool;

import org.jspecify.annotations.NullMarked;
