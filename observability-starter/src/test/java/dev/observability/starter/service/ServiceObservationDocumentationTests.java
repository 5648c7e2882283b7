package dev.observability.starter.service;

import io.micrometer.common.KeyValue;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.docs.ObservationDocumentation;
import org.junit.jupiter.api.Test;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Pins the names and keys of {@link ServiceObservationDocumentation} as literal strings:
 * dashboards and the test kit depend on them, so a rename must fail here.
 */
class ServiceObservationDocumentationTests {

	@Test
	void documentsOneObservationUnderItsOpenTelemetryName() {
		assertThat(ServiceObservationDocumentation.values()).extracting(ObservationDocumentation::getName)
			.containsExactly("code.function.duration");
		assertThat(ServiceObservationDocumentation.SERVICE_METHOD.getDefaultConvention())
			.isEqualTo(DefaultServiceObservationConvention.class);
	}

	@Test
	void pinsTheKeys() {
		assertThat(ServiceObservationDocumentation.LowCardinalityKeyNames.values()).extracting(KeyName::asString)
			.containsExactly("code.function.name", "error.type");
		assertThat(ServiceObservationDocumentation.SERVICE_METHOD.getLowCardinalityKeyNames())
			.extracting(KeyName::asString)
			.containsExactly("code.function.name", "error.type");
		assertThat(ServiceObservationDocumentation.SERVICE_METHOD.getHighCardinalityKeyNames()).isEmpty();
	}

	@Test
	void defaultConventionUsesThePinnedNamesAndSpanName() {
		DefaultServiceObservationConvention convention = new DefaultServiceObservationConvention();
		ServiceMethodContext context = new ServiceMethodContext(ServiceMethodContext.ServiceMethod
			.of(InvoiceService.class, ReflectionUtils.findMethod(InvoiceService.class, "send")));
		assertThat(convention.getName()).isEqualTo("code.function.duration");
		assertThat(convention.getContextualName(context)).isEqualTo("InvoiceService.send");
		assertThat(convention.getLowCardinalityKeyValues(context)).extracting(KeyValue::getKey, KeyValue::getValue)
			.containsExactly(tuple("code.function.name", InvoiceService.class.getName() + ".send"),
					tuple("error.type", "none"));
	}

	static class InvoiceService {

		public void send() {
		}

	}

}
