package dev.observability.starter.jdbc;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Removes the {@code error} tag (the exception's class name) that Micrometer's meter
 * observation handler adds to every timer: on the statement timer, {@code error.type}
 * already classifies failures, so the timer carries exactly the documented keys.
 */
final class StatementMeterTagsFilter implements MeterFilter {

	private static final String MICROMETER_ERROR_TAG = "error";

	private final String meterName = JdbcObservationDocumentation.STATEMENT.getName();

	@Override
	public Meter.Id map(Meter.Id id) {
		if (!this.meterName.equals(id.getName()) || id.getTag(MICROMETER_ERROR_TAG) == null) {
			return id;
		}
		List<Tag> tags = new ArrayList<>();
		for (Tag tag : id.getTagsAsIterable()) {
			if (!MICROMETER_ERROR_TAG.equals(tag.getKey())) {
				tags.add(tag);
			}
		}
		return id.replaceTags(tags);
	}

}
