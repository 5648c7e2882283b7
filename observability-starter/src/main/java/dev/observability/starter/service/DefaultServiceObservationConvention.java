package dev.observability.starter.service;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import dev.observability.starter.service.ServiceObservationDocumentation.LowCardinalityKeyNames;

/**
 * Default names and tags of service method observations: timer
 * {@code code.function.duration} tagged with {@code code.function.name} and
 * {@code error.type}; span {@code SimpleClassName.method}.
 */
public class DefaultServiceObservationConvention implements ServiceObservationConvention {

	private static final KeyValue NO_ERROR = KeyValue.of(LowCardinalityKeyNames.ERROR_TYPE, KeyValue.NONE_VALUE);

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
		KeyValue errorType = (error != null)
				? KeyValue.of(LowCardinalityKeyNames.ERROR_TYPE, error.getClass().getName()) : NO_ERROR;
		return KeyValues.of(KeyValue.of(LowCardinalityKeyNames.CODE_FUNCTION_NAME, context.getFunctionName()),
				errorType);
	}

}
