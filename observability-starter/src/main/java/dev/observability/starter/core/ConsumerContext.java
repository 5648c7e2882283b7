package dev.observability.starter.core;

/**
 * Marks an observation context whose span is a {@code CONSUMER} span (work that came from
 * a message) rather than an {@code INTERNAL} one, for the starter's tracing handler of
 * local observations: a job run from a queue is not a receiver of a request, but its span
 * is the consuming end of a message.
 */
public interface ConsumerContext {

	/**
	 * Whether the observation's span is a {@code CONSUMER} span.
	 * @return {@code true} for a consumer span
	 */
	boolean isConsumer();

}
