package dev.observability.starter.http;

import java.util.List;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;

import dev.observability.starter.core.SpanAttributes;
import dev.observability.starter.core.SpanRole;
import dev.observability.starter.core.SpanRoleProvider;
import dev.observability.starter.http.HttpObservationDocumentation.LowCardinalityKeyNames;

/**
 * Declares the HTTP server request span: a {@code SERVER} span with an
 * {@code http.request.method}, shown with its status code and error type.
 */
public final class HttpSpanRoles implements SpanRoleProvider {

	private static final SpanRole SERVER_REQUEST = SpanRole.of(SpanRole.HTTP, HttpSpanRoles::isServerRequest, List
		.of(LowCardinalityKeyNames.HTTP_RESPONSE_STATUS_CODE.asString(), LowCardinalityKeyNames.ERROR_TYPE.asString()));

	@Override
	public List<SpanRole> spanRoles() {
		return List.of(SERVER_REQUEST);
	}

	private static boolean isServerRequest(SpanData span) {
		return span.getKind() == SpanKind.SERVER
				&& SpanAttributes.get(span, LowCardinalityKeyNames.HTTP_REQUEST_METHOD.asString()) != null;
	}

}
