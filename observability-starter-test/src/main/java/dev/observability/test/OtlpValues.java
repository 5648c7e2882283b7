package dev.observability.test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.jspecify.annotations.Nullable;

import dev.observability.test.OtlpReceiver.ReceivedSpan;

/**
 * Turns OTLP protobuf values into the plain Java values of
 * {@link OtlpReceiver.ReceivedSpan}.
 */
final class OtlpValues {

	private static final HexFormat HEX = HexFormat.of();

	private OtlpValues() {
	}

	static List<ReceivedSpan> spans(ResourceSpans resourceSpans) {
		Map<String, @Nullable Object> resource = attributes(resourceSpans.getResource().getAttributesList());
		List<ReceivedSpan> spans = new ArrayList<>();
		for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
			for (Span span : scopeSpans.getSpansList()) {
				Status status = span.getStatus();
				spans.add(new ReceivedSpan(hex(span.getTraceId()), hex(span.getSpanId()), hex(span.getParentSpanId()),
						span.getName(), kind(span.getKind()), attributes(span.getAttributesList()), resource,
						scopeSpans.getScope().getName(), statusCode(status.getCode()), status.getMessage(),
						span.getStartTimeUnixNano(), span.getEndTimeUnixNano(), span));
			}
		}
		return spans;
	}

	static String hex(ByteString bytes) {
		return HEX.formatHex(bytes.toByteArray());
	}

	static Map<String, @Nullable Object> attributes(List<KeyValue> keyValues) {
		Map<String, @Nullable Object> attributes = new LinkedHashMap<>();
		for (KeyValue keyValue : keyValues) {
			attributes.put(keyValue.getKey(), value(keyValue.getValue()));
		}
		return Collections.unmodifiableMap(attributes);
	}

	/**
	 * Java value of an attribute: {@code String}, {@code Boolean}, {@code Long},
	 * {@code Double}, {@code byte[]}, a {@code List} of these for arrays, a {@code Map}
	 * for key-value lists, {@code null} when unset.
	 */
	static @Nullable Object value(AnyValue value) {
		return switch (value.getValueCase()) {
			case STRING_VALUE -> value.getStringValue();
			case BOOL_VALUE -> value.getBoolValue();
			case INT_VALUE -> value.getIntValue();
			case DOUBLE_VALUE -> value.getDoubleValue();
			case BYTES_VALUE -> value.getBytesValue().toByteArray();
			case ARRAY_VALUE -> {
				List<@Nullable Object> values = new ArrayList<>();
				value.getArrayValue().getValuesList().forEach((element) -> values.add(value(element)));
				yield Collections.unmodifiableList(values);
			}
			case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
			default -> null;
		};
	}

	private static SpanKind kind(Span.SpanKind kind) {
		return switch (kind) {
			case SPAN_KIND_SERVER -> SpanKind.SERVER;
			case SPAN_KIND_CLIENT -> SpanKind.CLIENT;
			case SPAN_KIND_PRODUCER -> SpanKind.PRODUCER;
			case SPAN_KIND_CONSUMER -> SpanKind.CONSUMER;
			// unspecified means internal (OTLP specification)
			default -> SpanKind.INTERNAL;
		};
	}

	private static StatusCode statusCode(Status.StatusCode code) {
		return switch (code) {
			case STATUS_CODE_OK -> StatusCode.OK;
			case STATUS_CODE_ERROR -> StatusCode.ERROR;
			default -> StatusCode.UNSET;
		};
	}

}
