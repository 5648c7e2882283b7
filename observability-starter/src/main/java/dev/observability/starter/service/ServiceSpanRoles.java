package dev.observability.starter.service;

import java.util.List;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;

import dev.observability.starter.core.SpanAttributes;
import dev.observability.starter.core.SpanRole;
import dev.observability.starter.core.SpanRoleProvider;
import dev.observability.starter.service.ServiceObservationDocumentation.LowCardinalityKeyNames;

/**
 * Declares the service method span: an {@code INTERNAL} span with a
 * {@code code.function.name}, shown with its error type.
 */
public final class ServiceSpanRoles implements SpanRoleProvider {

	private static final SpanRole SERVICE_METHOD = SpanRole.of(SpanRole.SERVICE, ServiceSpanRoles::isServiceMethod,
			List.of(LowCardinalityKeyNames.ERROR_TYPE.asString()));

	@Override
	public List<SpanRole> spanRoles() {
		return List.of(SERVICE_METHOD);
	}

	private static boolean isServiceMethod(SpanData span) {
		return span.getKind() == SpanKind.INTERNAL
				&& SpanAttributes.get(span, LowCardinalityKeyNames.CODE_FUNCTION_NAME.asString()) != null;
	}

}
