package dev.observability.starter.core;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Captures every span an application finishes, synchronously, for scenario tests that
 * start their own application on Boot's production wiring.
 */
@Configuration(proxyBeanMethods = false)
public class CapturedSpansConfiguration {

	/**
	 * Holds the capturing exporter without being a {@code SpanExporter} bean, which Boot
	 * would also hand to its batch processor (every span captured twice).
	 * @return the captured spans
	 */
	@Bean
	CapturedSpans capturedSpans() {
		return new CapturedSpans(InMemorySpanExporter.create());
	}

	/**
	 * Ordered first, so that a span is captured before other test processors (such as
	 * {@link OpenSpans}) see it end.
	 * @param captured where spans are kept
	 * @return the processor
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SpanProcessor capturingSpanProcessor(CapturedSpans captured) {
		return SimpleSpanProcessor.create(captured.exporter());
	}

	/**
	 * The spans an application finished.
	 *
	 * @param exporter where they are kept
	 */
	public record CapturedSpans(InMemorySpanExporter exporter) {

	}

}
