package dev.observability.starter.testapp;

import java.util.List;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Spans the test application finished, exported synchronously. Deliberately not a
 * {@code SpanExporter} bean itself: Boot would also hand such a bean to its batch
 * processor, exporting every span a second time a few seconds later, into the next test.
 */
public class CapturedSpans {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	InMemorySpanExporter exporter() {
		return this.exporter;
	}

	/**
	 * Spans finished since the last {@link #reset()}, in the order they ended.
	 * @return the spans
	 */
	public List<SpanData> finished() {
		return this.exporter.getFinishedSpanItems();
	}

	/**
	 * Forget every captured span.
	 */
	public void reset() {
		this.exporter.reset();
	}

}
