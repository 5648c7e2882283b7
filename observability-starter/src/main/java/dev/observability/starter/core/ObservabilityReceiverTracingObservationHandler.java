package dev.observability.starter.core;

import java.util.List;
import java.util.Set;

import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Micrometer's tracing handler for incoming calls (SERVER and CONSUMER spans, e.g. HTTP
 * requests), with numeric attributes typed and failures recorded without their message
 * (see {@link SpanTagging}).
 */
public class ObservabilityReceiverTracingObservationHandler
		extends PropagatingReceiverTracingObservationHandler<ReceiverContext<?>> {

	private final SpanTagging tagging;

	private final List<SpanStartAttributes> startAttributes;

	/**
	 * Create a handler.
	 * @param tracer the tracer
	 * @param propagator the propagator
	 * @param numericKeys span attribute keys recorded as numbers
	 * @param includeExceptionMessages whether exception messages are recorded
	 */
	public ObservabilityReceiverTracingObservationHandler(Tracer tracer, Propagator propagator, Set<String> numericKeys,
			boolean includeExceptionMessages) {
		this(tracer, propagator, numericKeys, includeExceptionMessages, List.of());
	}

	/**
	 * Create a handler.
	 * @param tracer the tracer
	 * @param propagator the propagator
	 * @param numericKeys span attribute keys recorded as numbers
	 * @param includeExceptionMessages whether exception messages are recorded
	 * @param startAttributes attributes given to a span before it starts, for the sampler
	 */
	public ObservabilityReceiverTracingObservationHandler(Tracer tracer, Propagator propagator, Set<String> numericKeys,
			boolean includeExceptionMessages, List<SpanStartAttributes> startAttributes) {
		super(tracer, propagator);
		this.tagging = new SpanTagging(numericKeys, includeExceptionMessages);
		this.startAttributes = List.copyOf(startAttributes);
	}

	@Override
	public Span.Builder customizeExtractedSpan(ReceiverContext<?> context, Span.Builder builder) {
		for (SpanStartAttributes attributes : this.startAttributes) {
			attributes.addTo(context, builder);
		}
		return builder;
	}

	@Override
	public void tagSpan(ReceiverContext<?> context, Span span) {
		this.tagging.tagSpan(context, span);
	}

	@Override
	public void onError(ReceiverContext<?> context) {
		this.tagging.error(context, getRequiredSpan(context));
	}

}
