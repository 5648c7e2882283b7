package dev.observability.starter.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Spans and meters in a form two runs of one scenario can be compared with
 * {@code isEqualTo}: spans by name, kind, parent name, typed attributes, status and
 * events (no ids or times); meters by name and tags with their count.
 */
public final class ComparableTelemetry {

	private ComparableTelemetry() {
	}

	/**
	 * The spans in the order they started, each as a map.
	 * @param spans the exported spans
	 * @return comparable spans
	 */
	public static List<Map<String, Object>> spans(List<SpanData> spans) {
		Map<String, String> names = new LinkedHashMap<>();
		spans.forEach((span) -> names.put(span.getSpanId(), span.getName()));
		return spans.stream()
			.sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
			.map((span) -> comparable(span, names))
			.toList();
	}

	/**
	 * Every text the spans would export: names, status descriptions, attributes and
	 * events with their attributes, as {@code key=value}; for checking that no secret
	 * leaves.
	 * @param spans the exported spans
	 * @return the texts
	 */
	public static List<String> exportedTexts(List<SpanData> spans) {
		List<String> exported = new ArrayList<>();
		for (SpanData span : spans) {
			exported.add(span.getName());
			exported.add(span.getStatus().getDescription());
			span.getAttributes().forEach((key, value) -> exported.add(key.getKey() + "=" + value));
			for (EventData event : span.getEvents()) {
				exported.add(event.getName());
				event.getAttributes().forEach((key, value) -> exported.add(key.getKey() + "=" + value));
			}
		}
		return exported;
	}

	/**
	 * The meters whose name starts with a prefix: timers and counters with their count,
	 * long-task timers with their active tasks.
	 * @param meters the registry
	 * @param prefix the meter name prefix
	 * @return meter name and tags, with a count
	 */
	public static Map<String, Long> meters(MeterRegistry meters, String prefix) {
		Map<String, Long> counts = new TreeMap<>();
		for (Meter meter : meters.getMeters()) {
			if (meter.getId().getName().startsWith(prefix)) {
				long count = -1;
				if (meter instanceof Timer timer) {
					count = timer.count();
				}
				else if (meter instanceof Counter counter) {
					count = (long) counter.count();
				}
				else if (meter instanceof LongTaskTimer active) {
					count = active.activeTasks();
				}
				counts.put(meter.getId().getName() + meter.getId().getTags(), count);
			}
		}
		return counts;
	}

	private static Map<String, Object> comparable(SpanData span, Map<String, String> names) {
		Map<String, Object> comparable = new LinkedHashMap<>();
		comparable.put("name", span.getName());
		comparable.put("kind", span.getKind());
		comparable.put("parent", names.getOrDefault(span.getParentSpanId(), "-"));
		comparable.put("attributes", typed(span.getAttributes()));
		comparable.put("status", span.getStatus().getStatusCode() + ":" + span.getStatus().getDescription());
		comparable.put("events",
				span.getEvents().stream().map((event) -> event.getName() + typed(event.getAttributes())).toList());
		return comparable;
	}

	private static Map<String, String> typed(Attributes attributes) {
		Map<String, String> typed = new TreeMap<>();
		attributes.forEach((key, value) -> typed.put(key.getKey(), key.getType() + ":" + value));
		return typed;
	}

}
