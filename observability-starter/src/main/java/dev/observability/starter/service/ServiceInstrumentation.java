package dev.observability.starter.service;

import java.lang.reflect.Method;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Tracer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.GuardedConvention;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.LeanObservation;
import dev.observability.starter.core.LeanPathDecision;
import dev.observability.starter.core.OperationMeters;
import dev.observability.starter.service.ServiceMethodContext.ServiceMethod;

import org.springframework.util.ReflectionUtils;

/**
 * Everything the service hook of one application context needs, resolved on the first
 * call (after every bean exists): the registry, the path service calls take, the tracer
 * and meters of the lean path, and the convention of the Observation path.
 */
final class ServiceInstrumentation {

	private static final Log logger = LogFactory.getLog(ServiceInstrumentation.class);

	private static final ServiceObservationConvention DEFAULT_CONVENTION = new DefaultServiceObservationConvention();

	final ObservationRegistry registry;

	final HookFailures failures;

	final @Nullable ObservationConvention<ServiceMethodContext> convention;

	final LeanPathDecision decision;

	final LeanPathDecision.Path path;

	final @Nullable Tracer tracer;

	final @Nullable OperationMeters meters;

	final boolean exceptionMessages;

	ServiceInstrumentation(ObservationRegistry registry, HookFailures failures,
			@Nullable ServiceObservationConvention convention, @Nullable Tracer tracer,
			@Nullable MeterRegistry meterRegistry, ServiceObservabilityProperties properties,
			boolean exceptionMessages) {
		this.registry = registry;
		this.failures = failures;
		this.convention = GuardedConvention.of(convention, DEFAULT_CONVENTION, failures,
				ServiceObservationInterceptor.HOOK);
		LeanPathDecision decision = decide(registry, convention, tracer, properties);
		this.decision = decision;
		this.path = decision.getPath();
		this.tracer = tracer;
		this.meters = (meterRegistry != null) ? new OperationMeters(meterRegistry, properties.isLongTaskTimer()) : null;
		this.exceptionMessages = exceptionMessages;
		logger.debug("Service calls " + decision);
	}

	static ServiceObservationConvention defaultConvention() {
		return DEFAULT_CONVENTION;
	}

	private static LeanPathDecision decide(ObservationRegistry registry,
			@Nullable ServiceObservationConvention convention, @Nullable Tracer tracer,
			ServiceObservabilityProperties properties) {
		LeanPathDecision unmet = LeanPathDecision.prerequisites(properties.isLeanPath(),
				ServiceObservabilityProperties.PREFIX + ".lean-path", convention, tracer);
		if (unmet != null) {
			return unmet;
		}
		if (!LeanObservation.isAvailable(registry)) {
			return LeanPathDecision.observation("its span cannot be made current in " + registry.getClass().getName()
					+ " without Micrometer's scope");
		}
		Method toString = ReflectionUtils.findMethod(Object.class, "toString");
		if (toString == null) {
			return LeanPathDecision.observation("Object.toString() cannot be found to probe the registry");
		}
		ServiceMethod probe = ServiceMethod.of(Object.class, toString);
		return LeanPathDecision.decide(registry, ServiceObservationDocumentation.SERVICE_METHOD.getName(),
				probe::createContext);
	}

}
