package dev.observability.starter.core;

import java.util.Set;

import io.micrometer.observation.transport.SenderContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Micrometer's tracing handler for outgoing calls (CLIENT and PRODUCER spans, e.g. SQL
 * statements), with numeric attributes typed and failures recorded without their message
 * (see {@link SpanTagging}).
 */
public class ObservabilitySenderTracingObservationHandler
		extends PropagatingSenderTracingObservationHandler<SenderContext<?>> {

	private final SpanTagging tagging;

	/**
	 * Create a handler.
	 * @param tracer the tracer
	 * @param propagator the propagator
	 * @param numericKeys span attribute keys recorded as numbers
	 * @param includeExceptionMessages whether exception messages are recorded
	 */
	public ObservabilitySenderTracingObservationHandler(Tracer tracer, Propagator propagator, Set<String> numericKeys,
			boolean includeExceptionMessages) {
		super(tracer, propagator);
		this.tagging = new SpanTagging(numericKeys, includeExceptionMessages);
	}

	@Override
	public void tagSpan(SenderContext<?> context, Span span) {
		this.tagging.tagSpan(context, span);
	}

	@Override
	public void onError(SenderContext<?> context) {
		this.tagging.error(context, getRequiredSpan(context));
	}

}
