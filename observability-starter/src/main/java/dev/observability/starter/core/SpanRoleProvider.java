package dev.observability.starter.core;

import java.util.List;

/**
 * Service provider through which an integration declares the {@link SpanRole span roles}
 * of the spans it produces. Implementations have a public no-argument constructor and are
 * listed in {@code META-INF/services/dev.observability.starter.core.SpanRoleProvider};
 * {@link SpanCatalogue#standard()} finds them without a Spring context, so the trace log
 * and the test kit learn about a new integration without importing it.
 */
public interface SpanRoleProvider {

	/**
	 * Roles of the spans this integration produces; their recognisers must not accept
	 * another integration's spans.
	 * @return the roles, in the order their spans should be tried
	 */
	List<SpanRole> spanRoles();

}
