package dev.observability.starter.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;
import org.springframework.util.StreamUtils;

/**
 * Finds the properties under {@code observability.*} that the starter does not know — a
 * misspelled key such as {@code observability.jdbc.enable} is otherwise silently ignored
 * — and warns about each, naming where it is set and the closest known property, or fails
 * startup ({@code observability.unknown-properties}). Known properties are those of the
 * configuration metadata the starter's jar carries
 * ({@code META-INF/spring-configuration-metadata.json}), compared as Boot binds them
 * (relaxed: {@code slowQuery}, {@code slow-query} and {@code SLOW_QUERY} are one name;
 * list indexes ignored).
 */
final class UnknownPropertiesCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(UnknownPropertiesCheck.class);

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("observability");

	private static final Pattern NAME = Pattern
		.compile("\"name\"\\s*:\\s*\"(observability\\.[^\"]+)\"(\\s*,\\s*\"type\"\\s*:\\s*\"java\\.util\\.Map<)?");

	private final Environment environment;

	private final ObservabilityProperties.UnknownProperties action;

	UnknownPropertiesCheck(Environment environment, ObservabilityProperties.UnknownProperties action) {
		this.environment = environment;
		this.action = action;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.action == ObservabilityProperties.UnknownProperties.IGNORE) {
			return;
		}
		Set<ConfigurationPropertyName> maps = new LinkedHashSet<>();
		Set<ConfigurationPropertyName> known = knownProperties(maps);
		if (known.isEmpty()) {
			// without metadata every property would look unknown
			return;
		}
		List<String> problems = new ArrayList<>();
		unknown(known, maps)
			.forEach((name, origin) -> problems.add("'" + name + "'" + ((origin != null) ? " (" + origin + ")" : "")
					+ " is not a property of the starter; did you mean '" + closest(name.toString(), known) + "'?"));
		if (problems.isEmpty()) {
			return;
		}
		if (this.action == ObservabilityProperties.UnknownProperties.FAIL) {
			throw new IllegalStateException("Unknown observability properties (observability.unknown-properties=fail): "
					+ String.join("; ", problems));
		}
		problems.forEach((problem) -> logger.warn(problem + " It is ignored."));
	}

	private Map<ConfigurationPropertyName, @Nullable Origin> unknown(Set<ConfigurationPropertyName> known,
			Set<ConfigurationPropertyName> maps) {
		Map<ConfigurationPropertyName, @Nullable Origin> unknown = new LinkedHashMap<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			iterable.filter(PREFIX::isAncestorOf).forEach((name) -> {
				ConfigurationPropertyName property = withoutIndexes(name);
				if (!known.contains(property) && !isMapEntry(property, maps) && !unknown.containsKey(property)) {
					ConfigurationProperty value = source.getConfigurationProperty(name);
					unknown.put(property, (value != null) ? value.getOrigin() : null);
				}
			});
		}
		return unknown;
	}

	/**
	 * Whether the property is an entry of a map property, such as a header under
	 * {@code observability.otlp.headers}.
	 */
	private static boolean isMapEntry(ConfigurationPropertyName property, Set<ConfigurationPropertyName> maps) {
		return maps.stream().anyMatch((map) -> map.isAncestorOf(property));
	}

	private static ConfigurationPropertyName withoutIndexes(ConfigurationPropertyName name) {
		ConfigurationPropertyName property = name;
		while (property.getNumberOfElements() > 1 && property.isLastElementIndexed()) {
			property = property.getParent();
		}
		return property;
	}

	/**
	 * The starter's properties, from its configuration metadata; map properties (whose
	 * entries are named by the user) are added to {@code maps} too.
	 */
	private static Set<ConfigurationPropertyName> knownProperties(Set<ConfigurationPropertyName> maps) {
		Set<ConfigurationPropertyName> known = new LinkedHashSet<>();
		try {
			Enumeration<URL> resources = UnknownPropertiesCheck.class.getClassLoader().getResources(METADATA);
			while (resources.hasMoreElements()) {
				try (InputStream in = resources.nextElement().openStream()) {
					Matcher names = NAME.matcher(StreamUtils.copyToString(in, java.nio.charset.StandardCharsets.UTF_8));
					while (names.find()) {
						ConfigurationPropertyName name = ConfigurationPropertyName.of(names.group(1));
						known.add(name);
						if (names.group(2) != null) {
							maps.add(name);
						}
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Configuration metadata could not be read; unknown properties are not reported", ex);
			return Set.of();
		}
		return known;
	}

	/**
	 * The known property whose name is the fewest edits away.
	 */
	static String closest(String name, Set<ConfigurationPropertyName> known) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (ConfigurationPropertyName candidate : known) {
			String text = candidate.toString();
			int distance = distance(name, text);
			if (distance < bestDistance) {
				best = text;
				bestDistance = distance;
			}
		}
		return best;
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
