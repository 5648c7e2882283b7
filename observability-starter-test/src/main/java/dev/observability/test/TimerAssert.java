package dev.observability.test;

import java.util.List;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Timer;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the timers that matched a name and tags; start with
 * {@code assertThat(meters).timer(name, tags...)}. When several timers match (for example
 * one per status code), their counts are added up.
 */
public class TimerAssert extends AbstractAssert<TimerAssert, List<Timer>> {

	private final Meters meters;

	private final String description;

	TimerAssert(Meters meters, List<Timer> timers, String description) {
		super(timers, TimerAssert.class);
		this.meters = meters;
		this.description = description;
	}

	/**
	 * Verify the matching timers recorded this many times since the reset, in total.
	 * <p>
	 * Passes:
	 * {@code assertThat(meters).timer("http.server.request.duration", "http.route", "/api/tasks").hasCount(1)}
	 * after one request. Fails: {@code hasCount(2)} after one request; the failure lists
	 * each matching timer with its own count.
	 * @param expected the number of recordings
	 * @return this assertion
	 */
	public TimerAssert hasCount(long expected) {
		isNotNull();
		long count = Math.round(this.actual.stream().mapToDouble(this.meters::countSinceReset).sum());
		if (count != expected) {
			failWithMessage("%s",
					"Expecting the timer " + this.description + " to have recorded " + expected
							+ " times since the test started, but it recorded " + count + ":\n"
							+ this.actual.stream()
								.map((timer) -> "  " + this.meters.describe(timer))
								.sorted()
								.collect(Collectors.joining("\n")));
		}
		return this;
	}

}
