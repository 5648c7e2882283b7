package dev.observability.test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
		return meters.stream()
			.map(this.actual::describe)
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
