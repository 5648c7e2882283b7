package dev.observability.starter.core;

import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;

/**
 * Attributes an integration puts on an incoming call's span (SERVER or CONSUMER) before
 * it starts, so that the sampler can decide on them: OpenTelemetry's semantic conventions
 * ask for the attributes a sampler may use to be given at span creation. Everything else
 * is tagged when the span ends.
 */
@FunctionalInterface
public interface SpanStartAttributes {

	/**
	 * The request's path within the application ({@code url.path}), which the HTTP
	 * integration gives a server span at its start when sampling rules need it.
	 */
	String URL_PATH = "url.path";

	/**
	 * Add attributes for the call of {@code context} to the span about to start.
	 * @param context the incoming call's context
	 * @param span the span's builder
	 */
	void addTo(ReceiverContext<?> context, Span.Builder span);

}
