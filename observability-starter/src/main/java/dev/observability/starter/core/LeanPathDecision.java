package dev.observability.starter.core;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Tracer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * Decides, once, whether an integration may record its operations on the lean path (spans
 * straight on the OpenTelemetry tracer, meters from {@link OperationDescriptor}s) or must
 * go through the Observation API so that the application's customisations see every
 * operation. The lean path is allowed only when nothing in the observation registry would
 * act on the integration's observations beyond what the lean path reproduces:
 * <ul>
 * <li>every handler that supports the integration's context is one of the known handlers
 * (Micrometer's and Boot's tracing and meter handlers, the starter's own);</li>
 * <li>no {@code ObservationFilter} changes the context (Boot's filter for
 * {@code management.observations.key-values} does when that property is set);</li>
 * <li>every {@code ObservationPredicate} is known: a
 * {@link SuppressingObservationPredicate} (the lean path checks {@link SuppressedWork}
 * itself) or Boot's {@code management.observations.enable.*} predicate is known, and when
 * it disables the integration the decision is "off");</li>
 * <li>no global observation convention supports the context.</li>
 * </ul>
 * The registry's configuration is read reflectively (Micrometer keeps it
 * package-private); if it cannot be read, the Observation path is used.
 */
public final class LeanPathDecision {

	private static final Set<String> KNOWN_HANDLERS = Set.of(
			"io.micrometer.tracing.handler.DefaultTracingObservationHandler",
			"io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler",
			"io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler",
			"io.micrometer.core.instrument.observation.DefaultMeterObservationHandler",
			ObservabilityTracingObservationHandler.class.getName(),
			ObservabilitySenderTracingObservationHandler.class.getName(),
			ObservabilityReceiverTracingObservationHandler.class.getName(),
			CachingMeterObservationHandler.class.getName());

	private static final String BOOT_PROPERTIES_FILTER = "org.springframework.boot.micrometer.observation.autoconfigure.PropertiesObservationFilterPredicate";

	private static final String TRACING_AWARE_METER_HANDLER = "io.micrometer.tracing.handler.TracingAwareMeterObservationHandler";

	private final Path path;

	private final String reason;

	private LeanPathDecision(Path path, String reason) {
		this.path = path;
		this.reason = reason;
	}

	/**
	 * Decide for one integration.
	 * @param registry the application's observation registry
	 * @param observationName the integration's observation name
	 * @param probe creates a fresh context of the integration's type, as its hook would
	 * @return the decision
	 */
	public static LeanPathDecision decide(ObservationRegistry registry, String observationName,
			Supplier<Observation.Context> probe) {
		if (registry.isNoop()) {
			return new LeanPathDecision(Path.OFF, "the observation registry is a no-op");
		}
		try {
			Object config = registry.observationConfig();
			for (ObservationHandler<?> handler : leaves(invoke(config, "getObservationHandlers"))) {
				if (supports(handler, probe.get()) && !isKnown(handler)) {
					return observation("handler " + handler.getClass().getName() + " supports its observations");
				}
			}
			for (Object filter : invoke(config, "getObservationFilters")) {
				String reason = filterReason((ObservationFilter) filter, probe.get());
				if (reason != null) {
					return observation(reason);
				}
			}
			for (Object predicate : predicates(config)) {
				String type = predicate.getClass().getName();
				if (type.equals(BOOT_PROPERTIES_FILTER)) {
					if (!((ObservationPredicate) predicate).test(observationName, probe.get())) {
						return new LeanPathDecision(Path.OFF, "management.observations.enable disables it");
					}
				}
				else if (!(predicate instanceof SuppressingObservationPredicate)) {
					return observation("predicate " + type + " may decide on its observations");
				}
			}
			for (Object convention : invoke(config, "getObservationConventions")) {
				if (((ObservationConvention<?>) convention).supportsContext(probe.get())) {
					return observation("global convention " + convention.getClass().getName() + " applies to it");
				}
			}
			return new LeanPathDecision(Path.LEAN, "nothing in the observation registry customises it");
		}
		catch (Exception | LinkageError ex) {
			return observation("the observation registry's configuration could not be read (" + ex + ")");
		}
	}

	/**
	 * The checks every integration makes before reading the registry: the lean path must
	 * be allowed by its property, the application must not have replaced its convention,
	 * and an OpenTelemetry tracer must exist.
	 * @param allowed the value of the integration's {@code lean-path} property
	 * @param property the name of that property
	 * @param convention the application's convention bean for the integration, or
	 * {@code null}
	 * @param tracer the OpenTelemetry tracer, or {@code null}
	 * @return a decision for the Observation path when a check fails, {@code null} when
	 * the registry decides
	 */
	public static @Nullable LeanPathDecision prerequisites(boolean allowed, String property,
			@Nullable Object convention, @Nullable Tracer tracer) {
		if (!allowed) {
			return observation(property + " is false");
		}
		if (convention != null) {
			return observation("the " + convention.getClass().getName() + " convention bean customises it");
		}
		if (tracer == null) {
			return observation("there is no OpenTelemetry Tracer bean");
		}
		return null;
	}

	/**
	 * A decision for the Observation path.
	 * @param reason why
	 * @return the decision
	 */
	public static LeanPathDecision observation(String reason) {
		return new LeanPathDecision(Path.OBSERVATION, reason);
	}

	public Path getPath() {
		return this.path;
	}

	/**
	 * Why this path was chosen, for the log.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	@Override
	public String toString() {
		String taken = switch (this.path) {
			case LEAN -> "take the lean path";
			case OBSERVATION -> "take the Observation path";
			case OFF -> "are not recorded";
		};
		return taken + ": " + this.reason;
	}

	private static @Nullable String filterReason(ObservationFilter filter, Observation.Context probe) {
		if (!filter.getClass().getName().equals(BOOT_PROPERTIES_FILTER)) {
			return "filter " + filter.getClass().getName() + " may change its observations";
		}
		int before = probe.getAllKeyValues().stream().mapToInt((keyValue) -> 1).sum();
		Observation.Context mapped = filter.map(probe);
		int after = mapped.getAllKeyValues().stream().mapToInt((keyValue) -> 1).sum();
		return (mapped != probe || after != before) ? "management.observations.key-values adds keys to it" : null;
	}

	@SuppressWarnings("unchecked")
	private static boolean supports(ObservationHandler<?> handler, Observation.Context probe) {
		return ((ObservationHandler<Observation.Context>) handler).supportsContext(probe);
	}

	private static boolean isKnown(ObservationHandler<?> handler) {
		if (handler.getClass().getName().equals(TRACING_AWARE_METER_HANDLER)) {
			Object delegate = field(handler, "delegate");
			return delegate instanceof ObservationHandler<?> inner && isKnown(inner);
		}
		return KNOWN_HANDLERS.contains(handler.getClass().getName());
	}

	private static List<ObservationHandler<?>> leaves(Collection<?> handlers) {
		List<ObservationHandler<?>> leaves = new ArrayList<>();
		for (Object handler : handlers) {
			if (handler instanceof ObservationHandler.FirstMatchingCompositeObservationHandler composite) {
				leaves.addAll(leaves(composite.getHandlers()));
			}
			else if (handler instanceof ObservationHandler.AllMatchingCompositeObservationHandler composite) {
				leaves.addAll(leaves(composite.getHandlers()));
			}
			else {
				leaves.add((ObservationHandler<?>) handler);
			}
		}
		return leaves;
	}

	private static Collection<?> invoke(Object config, String name) {
		Method method = ReflectionUtils.findMethod(config.getClass(), name);
		if (method == null) {
			throw new IllegalStateException("no " + name + " method");
		}
		ReflectionUtils.makeAccessible(method);
		return (Collection<?>) ReflectionUtils.invokeMethod(method, config);
	}

	private static Collection<?> predicates(Object config) {
		Object predicates = field(config, "observationPredicates");
		if (predicates instanceof Collection<?> collection) {
			return collection;
		}
		throw new IllegalStateException("no observationPredicates field");
	}

	private static @Nullable Object field(Object target, String name) {
		Field field = ReflectionUtils.findField(target.getClass(), name);
		if (field == null) {
			return null;
		}
		ReflectionUtils.makeAccessible(field);
		return ReflectionUtils.getField(field, target);
	}

	/**
	 * How an integration records its operations.
	 */
	public enum Path {

		/**
		 * Spans straight on the tracer and meters from descriptors.
		 */
		LEAN,

		/**
		 * Through the Observation API, so that every customisation applies.
		 */
		OBSERVATION,

		/**
		 * Not at all: observations are disabled for it.
		 */
		OFF

	}

}
