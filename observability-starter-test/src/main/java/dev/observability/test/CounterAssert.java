package dev.observability.test;

import java.util.List;

import io.micrometer.core.instrument.Meter;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the counters that matched a name and tags; start with
 * {@code assertThat(meters).counter(name, tags...)}. Counts are taken from the last
 * reset, and the counts of several matching counters (for example one per unit of work)
 * are added up.
 */
public class CounterAssert extends AbstractAssert<CounterAssert, List<Meter>> {

	private final Meters meters;

	private final String description;

	CounterAssert(Meters meters, List<Meter> counters, String description) {
		super(counters, CounterAssert.class);
		this.meters = meters;
		this.description = description;
	}

	/**
	 * Verify the matching counters counted this much since the reset, in total (equal up
	 * to floating-point rounding).
	 * <p>
	 * Passes:
	 * {@code assertThat(meters).counter("observability.db.query.findings", "finding.kind", "n_plus_one").hasCount(1)}
	 * after one request with an N+1. Fails: {@code hasCount(2)} after that one request;
	 * the failure lists each matching counter with its own count.
	 * @param expected the count
	 * @return this assertion
	 */
	public CounterAssert hasCount(double expected) {
		isNotNull();
		double count = this.actual.stream().mapToDouble(this.meters::countSinceReset).sum();
		if (!Meters.same(count, expected)) {
			failWithMessage("%s",
					"Expecting the counter " + this.description + " to have counted " + Meters.format(expected)
							+ " since the test started, but it counted " + Meters.format(count) + ":\n"
							+ MetersAssert.lines(this.meters, this.actual));
		}
		return this;
	}

}
