package dev.observability.starter.core;

import java.util.Set;

/**
 * Span attribute keys whose values are numbers. Micrometer observations carry every key
 * value as a string; the starter's tracing handlers record these keys as OpenTelemetry
 * long attributes instead, as the semantic conventions type them (e.g.
 * {@code http.response.status_code}). Each integration declares its own as a bean.
 *
 * @param keys the attribute keys
 */
public record NumericSpanAttributes(Set<String> keys) {

}
