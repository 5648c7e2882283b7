package dev.observability.starter.core;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Meter filters for meters that Micrometer derives from observations.
 */
public final class ObservationMeterFilters {

	/**
	 * Tag that Micrometer's {@code DefaultMeterObservationHandler} adds to every timer it
	 * makes from an observation: the simple class name of the error, or {@code none}.
	 */
	public static final String MICROMETER_ERROR_TAG = "error";

	private ObservationMeterFilters() {
	}

	/**
	 * Filter that removes Micrometer's {@value #MICROMETER_ERROR_TAG} tag from the meter
	 * called {@code meterName}, for meters whose convention already reports the
	 * OpenTelemetry {@code error.type}, so that one failure is not tagged twice in two
	 * spellings.
	 * @param meterName the meter's name, e.g. {@code http.server.request.duration}
	 * @return the filter
	 */
	public static MeterFilter withoutMicrometerErrorTag(String meterName) {
		return new MeterFilter() {

			@Override
			public Meter.Id map(Meter.Id id) {
				if (!meterName.equals(id.getName()) || id.getTag(MICROMETER_ERROR_TAG) == null) {
					return id;
				}
				return id.replaceTags(
						id.getTags().stream().filter((tag) -> !MICROMETER_ERROR_TAG.equals(tag.getKey())).toList());
			}

		};
	}

}
