package dev.observability.test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the application's {@link Meters}, counted from the last reset; start with
 * {@link TelemetryAssertions#assertThat(Meters)}. Tags are given as alternating keys and
 * values; a meter matches when it has at least those tags.
 */
public class MetersAssert extends AbstractAssert<MetersAssert, Meters> {

	MetersAssert(Meters actual) {
		super(actual, MetersAssert.class);
	}

	/**
	 * Navigate to the timers with this name and at least these tags that recorded since
	 * the reset.
	 * <p>
	 * Passes:
	 * {@code assertThat(meters).timer("http.server.request.duration", "http.route", "/api/tasks")}
	 * after a request to that route. Fails: the same with the route {@code /api/task};
	 * the failure lists the timers that do exist under the name, with their tags.
	 * @param name the meter name
	 * @param tags tag keys and values, alternating
	 * @return assertions on the matching timers
	 */
	@CheckReturnValue
	public TimerAssert timer(String name, String... tags) {
		isNotNull();
		List<Timer> timers = this.actual.find(name, tags)
			.stream()
			.filter(Timer.class::isInstance)
			.map(Timer.class::cast)
			.toList();
		if (timers.isEmpty()) {
			failWithMessage("%s", missing("a timer", name, tags));
		}
		return new TimerAssert(this.actual, timers, describe(name, tags));
	}

	/**
	 * Navigate to the counters (including function counters) with this name and at least
	 * these tags that counted since the reset.
	 * <p>
	 * Passes:
	 * {@code assertThat(meters).counter("observability.db.query.findings", "finding.kind", "n_plus_one")}
	 * after a request with an N+1. Fails: the same after a request without one; the
	 * failure lists the meters that do exist under the name, with their tags and counts.
	 * @param name the meter name
	 * @param tags tag keys and values, alternating
	 * @return assertions on the matching counters
	 */
	@CheckReturnValue
	public CounterAssert counter(String name, String... tags) {
		List<Meter> counters = find("a counter", name, tags, Counter.class, FunctionCounter.class);
		return new CounterAssert(this.actual, counters, describe(name, tags));
	}

	/**
	 * Navigate to the gauges with this name and at least these tags. Gauges are not
	 * relative to the reset: they report their current value.
	 * <p>
	 * Passes:
	 * {@code assertThat(meters).gauge("db.client.connection.count", "db.client.connection.state", "used")}
	 * while the application has a connection pool. Fails: the same with the state
	 * {@code "busy"}; the failure lists the gauges under the name with their values.
	 * @param name the meter name
	 * @param tags tag keys and values, alternating
	 * @return assertions on the matching gauges
	 */
	@CheckReturnValue
	public GaugeAssert gauge(String name, String... tags) {
		List<Meter> gauges = find("a gauge", name, tags, Gauge.class);
		return new GaugeAssert(this.actual, gauges, describe(name, tags));
	}

	/**
	 * Navigate to the distribution summaries with this name and at least these tags that
	 * recorded since the reset.
	 * <p>
	 * Passes: {@code assertThat(meters).summary("http.server.request.body.size")} after a
	 * request with a body. Fails: the same before any request; the failure lists the
	 * meter names that exist.
	 * @param name the meter name
	 * @param tags tag keys and values, alternating
	 * @return assertions on the matching summaries
	 */
	@CheckReturnValue
	public DistributionSummaryAssert summary(String name, String... tags) {
		List<DistributionSummary> summaries = find("a distribution summary", name, tags, DistributionSummary.class)
			.stream()
			.map(DistributionSummary.class::cast)
			.toList();
		return new DistributionSummaryAssert(this.actual, summaries, describe(name, tags));
	}

	private List<Meter> find(String what, String name, String[] tags, Class<?>... types) {
		isNotNull();
		List<Meter> found = this.actual.find(name, tags)
			.stream()
			.filter((meter) -> Arrays.stream(types).anyMatch((type) -> type.isInstance(meter)))
			.toList();
		if (found.isEmpty()) {
			failWithMessage("%s", missing(what, name, tags));
		}
		return found;
	}

	/**
	 * Verify a meter with this name and at least these tags is present since the reset.
	 * <p>
	 * Passes:
	 * {@code assertThat(meters).hasMeter("db.client.operation.duration", "db.system.name", "h2")}
	 * after a query on H2. Fails: the same with {@code "postgresql"}; the failure lists
	 * the meters under that name.
	 * @param name the meter name
	 * @param tags tag keys and values, alternating
	 * @return this assertion
	 */
	public MetersAssert hasMeter(String name, String... tags) {
		isNotNull();
		if (this.actual.find(name, tags).isEmpty()) {
			failWithMessage("%s", missing("a meter", name, tags));
		}
		return this;
	}

	/**
	 * Verify no meter with this name and at least these tags is present since the reset.
	 * <p>
	 * Passes:
	 * {@code assertThat(meters).doesNotHaveMeter("http.server.request.duration", "http.route", "/actuator/health")}
	 * when health checks are excluded. Fails: the same when a health check was timed; the
	 * failure lists the matching meters.
	 * @param name the meter name
	 * @param tags tag keys and values, alternating
	 * @return this assertion
	 */
	public MetersAssert doesNotHaveMeter(String name, String... tags) {
		isNotNull();
		List<Meter> found = this.actual.find(name, tags);
		if (!found.isEmpty()) {
			failWithMessage("%s", "Expecting no meter " + describe(name, tags) + " since the test started, but found:\n"
					+ lines(found));
		}
		return this;
	}

	private String missing(String what, String name, String... tags) {
		StringBuilder message = new StringBuilder("Expecting ").append(what)
			.append(' ')
			.append(describe(name, tags))
			.append(" since the test started, but found none.\n");
		List<Meter> sameName = this.actual.find(name);
		if (!sameName.isEmpty()) {
			message.append("Meters named \"")
				.append(name)
				.append("\" since the test started:\n")
				.append(lines(sameName));
		}
		else {
			message.append("No meter is named \"")
				.append(name)
				.append("\" since the test started; meter names since then: ")
				.append(this.actual.names());
		}
		return message.toString().stripTrailing();
	}

	private String lines(List<Meter> meters) {
		return lines(this.actual, meters);
	}

	static String lines(Meters meters, List<? extends Meter> found) {
		return found.stream()
			.map(meters::describe)
			.sorted()
			.map((line) -> "  " + line + "\n")
			.collect(Collectors.joining())
			.stripTrailing();
	}

	static String describe(String name, String... tags) {
		Map<String, String> required = Meters.tagMap(tags);
		String quoted = "\"" + name + "\"";
		if (required.isEmpty()) {
			return quoted;
		}
		return quoted + " with tags "
				+ required.entrySet()
					.stream()
					.map((tag) -> tag.getKey() + "=" + tag.getValue())
					.collect(Collectors.joining(", ", "{", "}"));
	}

}
