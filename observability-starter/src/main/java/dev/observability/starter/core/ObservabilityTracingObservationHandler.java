package dev.observability.starter.core;

import java.util.Set;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;

/**
 * Micrometer's tracing handler for local observations, with numeric attributes typed and
 * failures recorded without their message (see {@link SpanTagging}).
 */
public class ObservabilityTracingObservationHandler extends DefaultTracingObservationHandler {

	private final SpanTagging tagging;

	/**
	 * Create a handler.
	 * @param tracer the tracer
	 * @param numericKeys span attribute keys recorded as numbers
	 * @param includeExceptionMessages whether exception messages are recorded
	 */
	public ObservabilityTracingObservationHandler(Tracer tracer, Set<String> numericKeys,
			boolean includeExceptionMessages) {
		super(tracer);
		this.tagging = new SpanTagging(numericKeys, includeExceptionMessages);
	}

	@Override
	public void tagSpan(Observation.Context context, Span span) {
		this.tagging.tagSpan(context, span);
	}

	@Override
	public void onError(Observation.Context context) {
		this.tagging.error(context, getRequiredSpan(context));
	}

}
