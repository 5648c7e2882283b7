package dev.observability.starter.http;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.Test;

import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.ObservabilityMeterDocumentation;
import dev.observability.starter.testapp.CapturedSpans;
import dev.observability.starter.testapp.TestApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A convention that throws and body-size state that is not what the hooks expect must not
 * fail the request: the response is the application's, and the request is still counted.
 */
@SpringBootTest(classes = { TestApplication.class, HttpHookFailureTests.BrokenHooksConfiguration.class },
		properties = "management.tracing.sampling.probability=1.0")
@AutoConfigureMockMvc
@AutoConfigureTracing
@AutoConfigureMetrics
class HttpHookFailureTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private CapturedSpans spans;

	@Autowired
	private HookFailures failures;

	@Test
	void servesTheRequestAndStillCountsItWhenHooksFail() throws Exception {
		this.mvc.perform(get("/api/residences/42/tasks"))
			.andExpect(status().isOk())
			.andExpect(content().json("[\"residence 42: water the plants\"]"));
		assertThat(this.failures.count(DefaultHttpServerRequestObservationConvention.HOOK)).isPositive();
		assertThat(this.failures.count(ObservabilityServerHttpObservationFilter.BODY_SIZE_HOOK)).isPositive();
		assertThat(this.registry.get(ObservabilityMeterDocumentation.HOOK_FAILURES.getName())
			.tag(ObservabilityMeterDocumentation.KeyNames.HOOK.asString(),
					ObservabilityServerHttpObservationFilter.BODY_SIZE_HOOK)
			.counter()
			.count()).isPositive();
		assertThat(this.registry.get(HttpObservationDocumentation.HTTP_SERVER_REQUEST.getName())
			.tag(HttpObservationDocumentation.LowCardinalityKeyNames.HTTP_ROUTE.asString(), "UNKNOWN")
			.timer()
			.count()).isOne();
		assertThat(this.spans.finished()).extracting((span) -> span.getName())
			.contains("GET /api/residences/{id}/tasks", "TaskService.listForResidence");
	}

	@Configuration(proxyBeanMethods = false)
	static class BrokenHooksConfiguration {

		@Bean
		DefaultHttpServerRequestObservationConvention throwingConvention(HookFailures failures) {
			return new DefaultHttpServerRequestObservationConvention(100, failures) {

				@Override
				protected KeyValue pathTemplate(ServerRequestObservationContext context) {
					throw new IllegalStateException("broken route lookup");
				}

			};
		}

		@Bean
		ObservationHandler<Observation.Context> bodySizeStateBreaker() {
			return new ObservationHandler<>() {

				@Override
				public void onStart(Observation.Context context) {
					context.put(HttpBodySizes.class, "not the counters the filter expects");
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return context instanceof ServerRequestObservationContext;
				}

			};
		}

	}

}
