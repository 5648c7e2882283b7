/**
 * Span and metrics export: the span processor that feeds Boot's exporters and the OTLP
 * defaults that keep an application without a collector quiet.
 */
package dev.observability.starter.export;
