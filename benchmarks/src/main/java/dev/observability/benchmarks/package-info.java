/**
 * JMH benchmarks of the starter's hot paths; run by hand, never by the build.
 */
package dev.observability.benchmarks;
