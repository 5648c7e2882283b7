package dev.observability.starter.core;

import java.util.Set;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;

/**
 * Micrometer's tracing handler for local observations, with numeric attributes typed and
 * failures recorded without their message (see {@link SpanTagging}), and {@code CONSUMER}
 * spans for contexts that ask for them ({@link ConsumerContext}).
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

	/**
	 * Start the span as Micrometer does, as a {@code CONSUMER} span for a
	 * {@link ConsumerContext} that asks for one.
	 */
	@Override
	public void onStart(Observation.Context context) {
		if (!(context instanceof ConsumerContext consumer) || !consumer.isConsumer()) {
			super.onStart(context);
			return;
		}
		Span parent = getParentSpan(context);
		Span.Builder builder = getTracer().spanBuilder().kind(Span.Kind.CONSUMER);
		if (parent != null) {
			builder.setParent(parent.context());
		}
		getTracingContext(context).setSpan(builder.start());
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
