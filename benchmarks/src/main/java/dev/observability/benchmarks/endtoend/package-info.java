/**
 * Helpers for the end-to-end overhead run ({@code benchmarks/run.sh}): a discarding OTLP
 * receiver and a probe that reads a running JVM's allocation and CPU counters.
 */
package dev.observability.benchmarks.endtoend;
