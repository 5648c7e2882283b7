package dev.observability.starter.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Every {@link SpanRole} the integrations on the class path declare, so that code which
 * reads exported spans (the trace log, the test kit) can tell an HTTP request from a SQL
 * statement without depending on the integrations themselves.
 */
public final class SpanCatalogue {

	private static final Log logger = LogFactory.getLog(SpanCatalogue.class);

	/**
	 * Failures after which loading stops, since a service loader does not guarantee to
	 * move past a provider that failed.
	 */
	private static final int MAX_PROVIDER_FAILURES = 10;

	private final List<SpanRole> roles;

	private final List<String> allRenderedKeys;

	private SpanCatalogue(List<SpanRole> roles) {
		this.roles = List.copyOf(roles);
		Set<String> keys = new LinkedHashSet<>();
		for (SpanRole role : this.roles) {
			keys.addAll(role.renderedKeys());
		}
		this.allRenderedKeys = List.copyOf(keys);
	}

	/**
	 * Catalogue of the roles every {@link SpanRoleProvider} visible to the starter's
	 * class loader declares, loaded once. A provider that fails to load is skipped and
	 * logged.
	 * @return the standard catalogue
	 */
	public static SpanCatalogue standard() {
		return Standard.CATALOGUE;
	}

	/**
	 * Catalogue of the given roles, tried in this order; for tests and custom setups.
	 * @param roles the roles
	 * @return the catalogue
	 */
	public static SpanCatalogue of(List<SpanRole> roles) {
		return new SpanCatalogue(roles);
	}

	/**
	 * Every role of this catalogue, in the order they are tried.
	 * @return the roles
	 */
	public List<SpanRole> roles() {
		return this.roles;
	}

	/**
	 * Role of a span: the first role whose recogniser accepts it.
	 * @param span an exported span
	 * @return the role, empty when no integration claims the span
	 */
	public Optional<SpanRole> roleOf(SpanData span) {
		for (SpanRole role : this.roles) {
			if (role.matches(span)) {
				return Optional.of(role);
			}
		}
		return Optional.empty();
	}

	/**
	 * Whether a span has the role with the given id.
	 * @param span an exported span
	 * @param roleId id of a role, for example {@link SpanRole#SQL}
	 * @return whether the span's role has that id
	 */
	public boolean hasRole(SpanData span, String roleId) {
		return roleOf(span).filter((role) -> role.id().equals(roleId)).isPresent();
	}

	/**
	 * Names of the attributes worth showing beside a span: its role's keys, or, for a
	 * span no integration claims, every key any role declares.
	 * @param span an exported span
	 * @return the attribute names, in display order
	 */
	public List<String> renderedKeys(SpanData span) {
		return roleOf(span).map(SpanRole::renderedKeys).orElse(this.allRenderedKeys);
	}

	private static SpanCatalogue load() {
		List<SpanRole> roles = new ArrayList<>();
		ClassLoader classLoader = SpanRoleProvider.class.getClassLoader();
		Iterator<SpanRoleProvider> providers = ServiceLoader.load(SpanRoleProvider.class, classLoader).iterator();
		int failures = 0;
		while (failures < MAX_PROVIDER_FAILURES) {
			try {
				if (!providers.hasNext()) {
					break;
				}
				roles.addAll(providers.next().spanRoles());
			}
			catch (ServiceConfigurationError | RuntimeException ex) {
				failures++;
				logger.warn("Skipping a span role provider that failed to load: " + ex);
			}
		}
		return new SpanCatalogue(roles);
	}

	/**
	 * Holder of the standard catalogue, loaded on first use.
	 */
	private static final class Standard {

		static final SpanCatalogue CATALOGUE = load();

	}

}
