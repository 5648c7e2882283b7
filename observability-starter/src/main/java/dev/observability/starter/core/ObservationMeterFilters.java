package dev.observability.starter.core;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
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

	/**
	 * What {@code db.client.operation.duration} measures. SQL statements and Redis
	 * commands share the timer, so they share its description.
	 */
	public static final String DATABASE_CLIENT_OPERATIONS = "database client operations (SQL statements, Redis commands)";

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

	/**
	 * Filter that gives the meters Micrometer derives from the observation called
	 * {@code observationName} a description when they have none, so that a Prometheus
	 * scrape prints a {@code # HELP} text for them: the timer ("Duration of ..."), the
	 * {@code <name>.active} long-task timer beside it, and the {@code <name>.<event>}
	 * counters of events signalled on the observation. Micrometer builds these meters
	 * from the observation's name and key values alone, in Boot's
	 * {@code DefaultMeterObservationHandler}, in {@link CachingMeterObservationHandler}
	 * and on the lean path alike, so a filter is the one place that reaches all three.
	 * The time unit is left out: it is the registry's (seconds on Prometheus,
	 * milliseconds by default on OTLP).
	 * @param observationName the observation's name, which is its timer's name, e.g.
	 * {@code http.server.request.duration}
	 * @param measuredOperations what one observation measures, in the plural, e.g.
	 * {@code "HTTP requests served by Spring MVC"}
	 * @return the filter
	 */
	public static MeterFilter withDescriptions(String observationName, String measuredOperations) {
		String timer = "Duration of " + measuredOperations;
		String active = Character.toUpperCase(measuredOperations.charAt(0)) + measuredOperations.substring(1)
				+ " in progress, and how long each has been running";
		String activeName = observationName + OperationMeters.ACTIVE_SUFFIX;
		String eventPrefix = observationName + ".";
		return new MeterFilter() {

			@Override
			public Meter.Id map(Meter.Id id) {
				String description = id.getDescription();
				if ((description != null && !description.isBlank()) || id.syntheticAssociation() != null) {
					return id;
				}
				String name = id.getName();
				if (name.equals(observationName)) {
					return describe(id, timer);
				}
				if (name.equals(activeName)) {
					return describe(id, active);
				}
				if (id.getType() == Meter.Type.COUNTER && name.startsWith(eventPrefix)) {
					String event = name.substring(eventPrefix.length());
					return describe(id, "Times the " + event + " event was signalled on " + measuredOperations);
				}
				return id;
			}

		};
	}

	private static Meter.Id describe(Meter.Id id, String description) {
		return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description, id.getType());
	}

}
