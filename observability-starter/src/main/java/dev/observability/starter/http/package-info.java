/**
 * HTTP server telemetry for Spring MVC: OpenTelemetry names and histograms for the
 * request duration, request and response body sizes, bounded routes and actuator noise
 * exclusion.
 */
package dev.observability.starter.http;
