package dev.observability.test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;

/**
 * The application's meters as seen since the last {@link Telemetry#reset() reset}.
 * Counters, timers and summaries count from the reset: a meter that recorded nothing
 * since is treated as absent. Gauges and long task timers are present while registered
 * and report their current value. Check them with
 * {@link TelemetryAssertions#assertThat(Meters)}.
 */
public final class Meters {

	private final MeterRegistry registry;

	private final Baseline baseline;

	Meters(MeterRegistry registry, Baseline baseline) {
		this.registry = registry;
		this.baseline = baseline;
	}

	/**
	 * The application's meter registry, for checks this class does not offer.
	 * <p>
	 * Passes:
	 * {@code assertThat(meters.registry().find("jvm.threads.live").gauge()).isNotNull()}.
	 * Fails: the same with a name no meter has.
	 * @return the registry
	 */
	public MeterRegistry registry() {
		return this.registry;
	}

	/**
	 * Meters with the given name and at least the given tags that are present since the
	 * reset.
	 * <p>
	 * Passes: {@code assertThat(meters.find("http.server.request.duration")).hasSize(1)}
	 * after one request. Fails: the same before any request.
	 * @param name the meter name
	 * @param tags tag keys and values, alternating, e.g. {@code "http.route", "/api/x"}
	 * @return the matching meters
	 */
	public List<Meter> find(String name, String... tags) {
		Map<String, String> required = tagMap(tags);
		return this.registry.getMeters()
			.stream()
			.filter((meter) -> meter.getId().getName().equals(name))
			.filter((meter) -> required.entrySet()
				.stream()
				.allMatch((tag) -> tag.getValue().equals(meter.getId().getTag(tag.getKey()))))
			.filter(this::isPresent)
			.toList();
	}

	/**
	 * Names of all meters present since the reset, sorted.
	 * <p>
	 * Passes: {@code assertThat(meters.names()).contains("http.server.request.duration")}
	 * after a request. Fails: the same before any request.
	 * @return the names
	 */
	public List<String> names() {
		return this.registry.getMeters()
			.stream()
			.filter(this::isPresent)
			.map((meter) -> meter.getId().getName())
			.distinct()
			.sorted()
			.toList();
	}

	/**
	 * How many times a counter, timer or summary recorded since the reset; the current
	 * count for other meters.
	 * @param meter the meter
	 * @return the count since the reset
	 */
	double countSinceReset(Meter meter) {
		OptionalDouble count = count(meter);
		return count.isPresent() ? count.getAsDouble() - this.baseline.countOf(meter.getId()) : 0;
	}

	/**
	 * Total amount a distribution summary recorded since the reset.
	 * @param summary the summary
	 * @return the total since the reset
	 */
	double totalSinceReset(DistributionSummary summary) {
		return summary.totalAmount() - this.baseline.totalOf(summary.getId());
	}

	private boolean isPresent(Meter meter) {
		return count(meter).isEmpty() || !this.baseline.knows(meter.getId()) || countSinceReset(meter) != 0;
	}

	/**
	 * One line describing a meter: type, name, tags and count since the reset.
	 * @param meter the meter
	 * @return the description
	 */
	String describe(Meter meter) {
		String type = meter.getId().getType().name().toLowerCase(java.util.Locale.ROOT);
		String line = type + " " + meter.getId().getName() + formatTags(meter.getId().getTags());
		OptionalDouble count = count(meter);
		if (count.isPresent()) {
			line += " count=" + format(countSinceReset(meter));
		}
		if (meter instanceof DistributionSummary summary) {
			line += " total=" + format(totalSinceReset(summary));
		}
		if (meter instanceof Gauge gauge) {
			line += " value=" + format(gauge.value());
		}
		return line;
	}

	/**
	 * Whether two meter values are equal, allowing for floating-point rounding (one part
	 * in a billion), so that a count taken relative to a baseline compares as written.
	 * @param actual the value of the meters
	 * @param expected the value the test expects
	 * @return whether they are equal
	 */
	static boolean same(double actual, double expected) {
		return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
	}

	/**
	 * A number as a test would write it: without a fraction when it has none.
	 * @param value the number
	 * @return the text
	 */
	static String format(double value) {
		return (value == Math.rint(value) && !Double.isInfinite(value)) ? String.valueOf((long) value)
				: String.valueOf(value);
	}

	static String formatTags(List<Tag> tags) {
		return tags.stream()
			.map((tag) -> tag.getKey() + "=" + tag.getValue())
			.collect(Collectors.joining(", ", "{", "}"));
	}

	static Map<String, String> tagMap(String... tags) {
		if (tags.length % 2 != 0) {
			throw new IllegalArgumentException("Tags must be key-value pairs, e.g. \"http.route\", \"/api/x\", but "
					+ tags.length + " were given");
		}
		Map<String, String> map = new java.util.LinkedHashMap<>();
		for (int i = 0; i < tags.length; i += 2) {
			map.put(tags[i], tags[i + 1]);
		}
		return map;
	}

	private static OptionalDouble count(Meter meter) {
		if (meter instanceof Timer timer) {
			return OptionalDouble.of(timer.count());
		}
		if (meter instanceof FunctionTimer timer) {
			return OptionalDouble.of(timer.count());
		}
		if (meter instanceof Counter counter) {
			return OptionalDouble.of(counter.count());
		}
		if (meter instanceof FunctionCounter counter) {
			return OptionalDouble.of(counter.count());
		}
		if (meter instanceof DistributionSummary summary) {
			return OptionalDouble.of(summary.count());
		}
		return OptionalDouble.empty();
	}

	/**
	 * Counts of every countable meter, and totals of every distribution summary, at the
	 * moment of a reset.
	 */
	static final class Baseline {

		static final Baseline EMPTY = new Baseline(Map.of(), Map.of(), false);

		private final Map<Meter.Id, Double> counts;

		private final Map<Meter.Id, Double> totals;

		private final boolean taken;

		private Baseline(Map<Meter.Id, Double> counts, Map<Meter.Id, Double> totals, boolean taken) {
			this.counts = counts;
			this.totals = totals;
			this.taken = taken;
		}

		static Baseline of(MeterRegistry registry) {
			Map<Meter.Id, Double> counts = new HashMap<>();
			Map<Meter.Id, Double> totals = new HashMap<>();
			for (Meter meter : registry.getMeters()) {
				count(meter).ifPresent((count) -> counts.put(meter.getId(), count));
				if (meter instanceof DistributionSummary summary) {
					totals.put(meter.getId(), summary.totalAmount());
				}
			}
			return new Baseline(counts, totals, true);
		}

		double countOf(Meter.Id id) {
			return this.counts.getOrDefault(id, 0.0);
		}

		double totalOf(Meter.Id id) {
			return this.totals.getOrDefault(id, 0.0);
		}

		boolean knows(Meter.Id id) {
			return this.taken && this.counts.containsKey(id);
		}

	}

}
