package dev.observability.test;

import java.util.List;

import io.micrometer.core.instrument.DistributionSummary;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the distribution summaries that matched a name and tags; start with
 * {@code assertThat(meters).summary(name, tags...)}. Counts and totals are taken from the
 * last reset and added up over the matching summaries.
 */
public class DistributionSummaryAssert extends AbstractAssert<DistributionSummaryAssert, List<DistributionSummary>> {

	private final Meters meters;

	private final String description;

	DistributionSummaryAssert(Meters meters, List<DistributionSummary> summaries, String description) {
		super(summaries, DistributionSummaryAssert.class);
		this.meters = meters;
		this.description = description;
	}

	/**
	 * Verify the matching summaries recorded this many times since the reset, in total.
	 * <p>
	 * Passes:
	 * {@code assertThat(meters).summary("http.server.request.body.size").hasCount(1)}
	 * after one request with a body. Fails: {@code hasCount(2)} after that one request;
	 * the failure lists each matching summary with its count and total.
	 * @param expected the number of recordings
	 * @return this assertion
	 */
	public DistributionSummaryAssert hasCount(long expected) {
		isNotNull();
		long count = Math.round(this.actual.stream().mapToDouble(this.meters::countSinceReset).sum());
		if (count != expected) {
			failWithMessage("%s", "Expecting the summary " + this.description + " to have recorded " + expected
					+ " times since the test started, but it recorded " + count + ":\n" + lines());
		}
		return this;
	}

	/**
	 * Verify the amounts the matching summaries recorded since the reset add up to this
	 * total (equal up to floating-point rounding).
	 * <p>
	 * Passes:
	 * {@code assertThat(meters).summary("http.server.request.body.size").hasTotal(42)}
	 * after one request with a 42-byte body. Fails: {@code hasTotal(40)} after that
	 * request; the failure lists each matching summary with its count and total.
	 * @param expected the total amount
	 * @return this assertion
	 */
	public DistributionSummaryAssert hasTotal(double expected) {
		isNotNull();
		double total = this.actual.stream().mapToDouble(this.meters::totalSinceReset).sum();
		if (!Meters.same(total, expected)) {
			failWithMessage("%s",
					"Expecting the summary " + this.description + " to have recorded a total of "
							+ Meters.format(expected) + " since the test started, but it recorded "
							+ Meters.format(total) + ":\n" + lines());
		}
		return this;
	}

	private String lines() {
		return MetersAssert.lines(this.meters, this.actual);
	}

}
