package dev.observability.starter.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;

/**
 * Checks shared by the self-validating {@code observability.*} properties classes. Each
 * rejection says what is allowed; {@code ObservabilityPropertiesFailureAnalyzer} adds the
 * property and the rejected value.
 */
public final class PropertyChecks {

	/**
	 * Longest duration a property may hold, as written in messages.
	 */
	public static final String MAX_DURATION_TEXT = "365d";

	private static final Duration MAX_DURATION = Duration.ofDays(365);

	private PropertyChecks() {
	}

	/**
	 * Reject {@code field} unless {@code value} lies within {@code [min, max]}.
	 * @param errors where to report
	 * @param field the field, in the form the properties class binds it
	 * @param value the bound value
	 * @param min the smallest allowed value
	 * @param max the largest allowed value
	 */
	public static void inRange(Errors errors, String field, int value, int min, int max) {
		if (value < min || value > max) {
			errors.rejectValue(field, "range", "must be between " + min + " and " + max);
		}
	}

	/**
	 * Reject {@code field} unless it lists one or more histogram bucket boundaries, each
	 * a duration greater than zero.
	 * @param errors where to report
	 * @param field the field, in the form the properties class binds it
	 * @param buckets the bound boundaries
	 */
	public static void positiveDurations(Errors errors, String field, List<Duration> buckets) {
		if (isEmptyOrAny(buckets, (bucket) -> bucket.isNegative() || bucket.isZero())) {
			errors.rejectValue(field, "positive",
					"must list one or more durations greater than zero, such as 5ms,100ms,1s");
		}
		else if (buckets.stream().anyMatch(PropertyChecks::isTooLong)) {
			errors.rejectValue(field, "max", "must list durations of at most " + MAX_DURATION_TEXT
					+ " (longer ones overflow), such as 5ms,100ms,1s");
		}
	}

	/**
	 * Whether a list of histogram bucket boundaries is valid: one or more durations, each
	 * greater than zero and at most {@value #MAX_DURATION_TEXT}; for a value used before
	 * the properties are validated.
	 * @param buckets the boundaries
	 * @return {@code true} when they are valid
	 */
	public static boolean arePositiveDurations(List<Duration> buckets) {
		return !isEmptyOrAny(buckets, (bucket) -> bucket.isNegative() || bucket.isZero() || isTooLong(bucket));
	}

	/**
	 * Reject {@code field} when a duration is longer than {@value #MAX_DURATION_TEXT},
	 * beyond which durations overflow once counted in nanoseconds.
	 * @param errors where to report
	 * @param field the field, in the form the properties class binds it
	 * @param value the bound duration
	 * @param example an allowed value to show, such as {@code 10s}
	 */
	public static void notTooLong(Errors errors, String field, Duration value, String example) {
		if (value != null && isTooLong(value)) {
			errors.rejectValue(field, "max", "must be a duration of at most " + MAX_DURATION_TEXT
					+ " (longer ones overflow), for example " + example);
		}
	}

	private static boolean isTooLong(Duration duration) {
		return duration.compareTo(MAX_DURATION) > 0;
	}

	/**
	 * Reject {@code field} unless it lists one or more histogram bucket boundaries, each
	 * a size greater than zero.
	 * @param errors where to report
	 * @param field the field, in the form the properties class binds it
	 * @param buckets the bound boundaries
	 */
	public static void positiveSizes(Errors errors, String field, List<DataSize> buckets) {
		if (isEmptyOrAny(buckets, (bucket) -> bucket.toBytes() <= 0)) {
			errors.rejectValue(field, "positive",
					"must list one or more sizes greater than zero, such as 100B,1KB,1MB");
		}
	}

	/**
	 * Reject {@code field} unless it is a duration greater than zero.
	 * @param errors where to report
	 * @param field the field, in the form the properties class binds it
	 * @param value the bound duration
	 * @param example an allowed value to show, such as {@code 10s}
	 */
	public static void positiveDuration(Errors errors, String field, Duration value, String example) {
		if (value == null || value.isNegative() || value.isZero()) {
			errors.rejectValue(field, "positive", "must be a duration greater than zero, for example " + example);
		}
		else {
			notTooLong(errors, field, value, example);
		}
	}

	/**
	 * Reject {@code field} unless each of its items is a valid regular expression.
	 * @param errors where to report
	 * @param field the field, in the form the properties class binds it
	 * @param patterns the bound expressions
	 */
	public static void regularExpressions(Errors errors, String field, List<String> patterns) {
		for (String pattern : patterns) {
			try {
				Pattern.compile(pattern);
			}
			catch (PatternSyntaxException ex) {
				errors.rejectValue(field, "pattern", "must list regular expressions; '" + pattern + "' is not one ("
						+ ex.getDescription() + " at index " + ex.getIndex() + ")");
				return;
			}
		}
	}

	private static <T> boolean isEmptyOrAny(List<T> values, Predicate<T> invalid) {
		return values == null || values.isEmpty() || values.stream().anyMatch((value) -> value == null)
				|| values.stream().filter(Objects::nonNull).anyMatch(invalid);
	}

}
