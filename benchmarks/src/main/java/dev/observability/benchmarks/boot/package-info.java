/**
 * JMH benchmarks that run the starter inside a real Spring Boot application context,
 * wired by Boot's auto-configuration as in production.
 */
package dev.observability.benchmarks.boot;
