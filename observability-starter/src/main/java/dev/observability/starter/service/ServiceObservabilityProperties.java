package dev.observability.starter.service;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of the service method spans. A pattern without {@code *} is a package or class
 * prefix ({@code com.example.billing}); with {@code *} it is a glob over the fully
 * qualified class name where {@code *} matches any characters ({@code *.internal.*}).
 * Validates itself when bound.
 */
@ConfigurationProperties(ServiceObservabilityProperties.PREFIX)
public class ServiceObservabilityProperties implements Validator {

	/**
	 * Prefix of these properties.
	 */
	public static final String PREFIX = "observability.service";

	private static final Pattern CLASS_NAME_PATTERN = Pattern.compile("[\\p{javaJavaIdentifierPart}.$*]+");

	/**
	 * Class name patterns of the @Service beans to observe, as package prefixes or globs
	 * with '*'; empty observes every @Service bean.
	 */
	private List<String> include = new ArrayList<>();

	/**
	 * Class name patterns of @Service beans never to observe, as package prefixes or
	 * globs with '*'; wins over include.
	 */
	private List<String> exclude = new ArrayList<>();

	/**
	 * Whether a code.function.duration.active long-task timer counts the service calls in
	 * progress. It doubles the series and costs on every call.
	 */
	private boolean longTaskTimer;

	/**
	 * Whether service calls may be recorded on the lean path (spans straight on the
	 * OpenTelemetry tracer, cached meters) when nothing customises their observation.
	 * When false, every call goes through the Observation API.
	 */
	private boolean leanPath = true;

	public List<String> getInclude() {
		return this.include;
	}

	public void setInclude(List<String> include) {
		this.include = include;
	}

	public List<String> getExclude() {
		return this.exclude;
	}

	public void setExclude(List<String> exclude) {
		this.exclude = exclude;
	}

	public boolean isLongTaskTimer() {
		return this.longTaskTimer;
	}

	public void setLongTaskTimer(boolean longTaskTimer) {
		this.longTaskTimer = longTaskTimer;
	}

	public boolean isLeanPath() {
		return this.leanPath;
	}

	public void setLeanPath(boolean leanPath) {
		this.leanPath = leanPath;
	}

	@Override
	public boolean supports(Class<?> type) {
		return ServiceObservabilityProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		ServiceObservabilityProperties properties = (ServiceObservabilityProperties) target;
		validate("include", properties.include, errors);
		validate("exclude", properties.exclude, errors);
	}

	private static void validate(String field, List<String> patterns, Errors errors) {
		patterns.stream()
			.filter((pattern) -> pattern == null || !CLASS_NAME_PATTERN.matcher(pattern).matches())
			.findFirst()
			.ifPresent((pattern) -> errors.rejectValue(field, "pattern",
					"must list class name patterns made of Java identifier characters, '.', '$' and '*', but has '"
							+ pattern + "'"));
	}

}
