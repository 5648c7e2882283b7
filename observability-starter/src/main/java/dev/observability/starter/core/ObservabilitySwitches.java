package dev.observability.starter.core;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.PropertyResolver;

/**
 * The starter's on/off switches and their precedence: an integration's
 * {@code observability.<area>.enabled} wins when set, otherwise
 * {@code observability.enabled} decides, otherwise the integration is on. Used by
 * {@link ConditionalOnObservabilityEnabled} and by code that runs before conditions, such
 * as environment post-processors.
 */
public final class ObservabilitySwitches {

	/**
	 * The global switch.
	 */
	public static final String GLOBAL_PROPERTY = "observability.enabled";

	private ObservabilitySwitches() {
	}

	/**
	 * The switch of one integration.
	 * @param area the integration's area, e.g. {@code jdbc}
	 * @return the property, e.g. {@code observability.jdbc.enabled}
	 */
	public static String areaProperty(String area) {
		return "observability." + area + ".enabled";
	}

	/**
	 * Whether an integration is switched on.
	 * @param properties where the switches are read
	 * @param area the integration's area
	 * @return {@code true} unless its switch, or the global one when its own is not set,
	 * is false
	 */
	public static boolean isEnabled(PropertyResolver properties, String area) {
		@Nullable Boolean areaEnabled = properties.getProperty(areaProperty(area), Boolean.class);
		return (areaEnabled != null) ? areaEnabled : properties.getProperty(GLOBAL_PROPERTY, Boolean.class, true);
	}

}
