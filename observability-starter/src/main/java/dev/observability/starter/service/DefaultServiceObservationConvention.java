package dev.observability.starter.service;

import io.micrometer.common.KeyValues;

/**
 * Default names and tags of service method observations: timer
 * {@code code.function.duration} tagged with {@code code.function.name} and
 * {@code error.type} (the exception's class name, or {@code none}); span
 * {@code SimpleClassName.method}. The key values are built once per method and failure
 * type.
 */
public class DefaultServiceObservationConvention implements ServiceObservationConvention {

	@Override
	public String getName() {
		return ServiceObservationDocumentation.SERVICE_METHOD.getName();
	}

	@Override
	public String getContextualName(ServiceMethodContext context) {
		return context.getSpanName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ServiceMethodContext context) {
		Throwable error = context.getError();
		return context.getDescriptor().getLowCardinalityKeyValues((error != null) ? error.getClass().getName() : null);
	}

}
