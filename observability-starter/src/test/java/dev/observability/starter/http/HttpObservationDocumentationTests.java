package dev.observability.starter.http;

import io.micrometer.common.KeyValue;
import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;
import io.micrometer.observation.docs.ObservationDocumentation;
import org.junit.jupiter.api.Test;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the names and keys of {@link HttpObservationDocumentation} and
 * {@link HttpBodySizeMeterDocumentation} as literal strings: dashboards, alert rules and
 * the test kit depend on them, so a rename must fail here.
 */
class HttpObservationDocumentationTests {

	private static final String[] LOW_CARDINALITY_KEYS = { "error.type", "http.request.method",
			"http.response.status_code", "http.route", "outcome", "url.scheme" };

	private static final String[] HIGH_CARDINALITY_KEYS = { "http.request.method_original", "url.path" };

	@Test
	void documentsOneObservationUnderItsOpenTelemetryName() {
		assertThat(HttpObservationDocumentation.values()).extracting(ObservationDocumentation::getName)
			.containsExactly("http.server.request.duration");
		assertThat(HttpObservationDocumentation.HTTP_SERVER_REQUEST.getDefaultConvention())
			.isEqualTo(DefaultHttpServerRequestObservationConvention.class);
	}

	@Test
	void pinsTheLowCardinalityKeys() {
		assertThat(HttpObservationDocumentation.LowCardinalityKeyNames.values()).extracting(KeyName::asString)
			.containsExactly(LOW_CARDINALITY_KEYS);
		assertThat(HttpObservationDocumentation.HTTP_SERVER_REQUEST.getLowCardinalityKeyNames())
			.extracting(KeyName::asString)
			.containsExactly(LOW_CARDINALITY_KEYS);
	}

	@Test
	void pinsTheHighCardinalityKeys() {
		assertThat(HttpObservationDocumentation.HighCardinalityKeyNames.values()).extracting(KeyName::asString)
			.containsExactly(HIGH_CARDINALITY_KEYS);
		assertThat(HttpObservationDocumentation.HTTP_SERVER_REQUEST.getHighCardinalityKeyNames())
			.extracting(KeyName::asString)
			.containsExactly(HIGH_CARDINALITY_KEYS);
	}

	@Test
	void defaultConventionUsesThePinnedNamesAndSpanName() {
		DefaultHttpServerRequestObservationConvention convention = new DefaultHttpServerRequestObservationConvention(
				10);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/tasks/1");
		ServerRequestObservationContext context = new ServerRequestObservationContext(request,
				new MockHttpServletResponse());
		context.setPathPattern("/api/tasks/{id}");
		assertThat(convention.getName()).isEqualTo("http.server.request.duration");
		assertThat(convention.getContextualName(context)).isEqualTo("GET /api/tasks/{id}");
		assertThat(convention.getLowCardinalityKeyValues(context)).extracting(KeyValue::getKey)
			.containsExactly(LOW_CARDINALITY_KEYS);
		assertThat(convention.getHighCardinalityKeyValues(context)).extracting(KeyValue::getKey)
			.containsExactly(HIGH_CARDINALITY_KEYS);
	}

	@Test
	void pinsTheBodySizeMeters() {
		assertThat(HttpBodySizeMeterDocumentation.values()).extracting(MeterDocumentation::getName)
			.containsExactly("http.server.request.body.size", "http.server.response.body.size");
		assertThat(HttpBodySizeMeterDocumentation.values()).allSatisfy((meter) -> {
			assertThat(meter.getBaseUnit()).isEqualTo("bytes");
			assertThat(meter.getType()).isEqualTo(Meter.Type.DISTRIBUTION_SUMMARY);
			assertThat(meter.getKeyNames()).extracting(KeyName::asString)
				.containsExactly("http.route", "http.request.method", "http.response.status_code");
		});
	}

}
