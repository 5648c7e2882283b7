package dev.observability.starter.testapp;

import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Small Spring MVC application for the HTTP and service tests: a controller calling a
 * {@code @Service} that calls another one. Spans are exported synchronously to memory.
 */
@SpringBootApplication
public class TestApplication {

	@Bean
	CapturedSpans capturedSpans() {
		return new CapturedSpans();
	}

	@Bean
	SpanProcessor inMemorySpanProcessor(CapturedSpans spans) {
		return SimpleSpanProcessor.create(spans.exporter());
	}

}
