package dev.observability.starter.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Explains an invalid {@code observability.*} property at startup: the property as the
 * user writes it (kebab case), the rejected value, where it came from, and what is
 * allowed. Runs before Boot's generic binding analyzer, which would print the Java field
 * name instead.
 */
class ObservabilityPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException>
		implements Ordered {

	private static final String PREFIX = "observability";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
		String prefix = cause.getValidationErrors().getName().toString();
		if (!prefix.equals(PREFIX) && !prefix.startsWith(PREFIX + ".")) {
			return null;
		}
		List<String> properties = new ArrayList<>();
		StringBuilder description = new StringBuilder("Invalid observability configuration:\n");
		for (ObjectError error : cause.getValidationErrors()) {
			description.append('\n');
			if (error instanceof FieldError fieldError) {
				String property = prefix + "." + dashed(fieldError.getField());
				properties.add(property);
				List<ConfigurationProperty> bound = bound(cause, property);
				description.append("    Property: ").append(property).append('\n');
				description.append("    Value: \"").append(asTyped(bound, fieldError)).append("\"\n");
				Origin origin = bound.isEmpty() ? Origin.from(fieldError) : bound.get(0).getOrigin();
				if (origin != null) {
					description.append("    Origin: ").append(origin).append('\n');
				}
			}
			description.append("    Allowed: ").append(error.getDefaultMessage()).append('\n');
		}
		String action = properties.isEmpty() ? "Update the observability properties listed above."
				: "Change " + String.join(", ", properties) + " to an allowed value, or remove it to use the default.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

	/**
	 * The properties the rejected field was bound from: the property itself, or the items
	 * of a list written one per index ({@code buckets[0]}, {@code buckets[1]}).
	 */
	private static List<ConfigurationProperty> bound(BindValidationException cause, String property) {
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		List<ConfigurationProperty> bound = new ArrayList<>();
		for (ConfigurationProperty candidate : cause.getValidationErrors().getBoundProperties()) {
			ConfigurationPropertyName candidateName = candidate.getName();
			if (candidateName.equals(name)
					|| (name.isParentOf(candidateName) && candidateName.isLastElementIndexed())) {
				bound.add(candidate);
			}
		}
		bound.sort(Comparator.comparing(ConfigurationProperty::getName));
		return bound;
	}

	/**
	 * The value as the user wrote it ({@code 5ms,0s}, not the bound {@code [PT0.005S,
	 * PT0S]}); the bound value when the property cannot be found.
	 */
	private static @Nullable Object asTyped(List<ConfigurationProperty> bound, FieldError error) {
		if (bound.isEmpty()) {
			return error.getRejectedValue();
		}
		List<String> values = new ArrayList<>();
		for (ConfigurationProperty property : bound) {
			values.add(String.valueOf(property.getValue()));
		}
		return String.join(",", values);
	}

	private static String dashed(String field) {
		StringBuilder dashed = new StringBuilder();
		for (String segment : field.split("\\.")) {
			if (!dashed.isEmpty()) {
				dashed.append('.');
			}
			dashed.append(DataObjectPropertyName.toDashedForm(segment));
		}
		return dashed.toString();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
