package dev.observability.test;

import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the gauges that matched a name and tags; start with
 * {@code assertThat(meters).gauge(name, tags...)}. A gauge reports its current value, not
 * a value since the reset. The values of several matching gauges are added up: the
 * connections of a pool in every state, for example.
 */
public class GaugeAssert extends AbstractAssert<GaugeAssert, List<Meter>> {

	private final Meters meters;

	private final String description;

	GaugeAssert(Meters meters, List<Meter> gauges, String description) {
		super(gauges, GaugeAssert.class);
		this.meters = meters;
		this.description = description;
	}

	/**
	 * Verify the matching gauges have this value now, in total (equal up to
	 * floating-point rounding).
	 * <p>
	 * Passes:
	 * {@code assertThat(meters).gauge("db.client.connection.count", "db.client.connection.state", "used").hasValue(0)}
	 * when no connection is borrowed. Fails: {@code hasValue(1)} at the same moment; the
	 * failure lists each matching gauge with its value.
	 * @param expected the value
	 * @return this assertion
	 */
	public GaugeAssert hasValue(double expected) {
		isNotNull();
		double value = this.actual.stream().mapToDouble((gauge) -> ((Gauge) gauge).value()).sum();
		if (!Meters.same(value, expected)) {
			failWithMessage("%s",
					"Expecting the gauge " + this.description + " to have the value " + Meters.format(expected)
							+ ", but it has " + Meters.format(value) + ":\n"
							+ MetersAssert.lines(this.meters, this.actual));
		}
		return this;
	}

}
