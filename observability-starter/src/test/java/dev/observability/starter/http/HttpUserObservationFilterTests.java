package dev.observability.starter.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.observability.starter.http.HttpObservationDocumentation.LowCardinalityKeyNames;
import dev.observability.starter.testapp.CapturedSpans;
import dev.observability.starter.testapp.TestApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.filter.ServerHttpObservationFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * An application that registers its own {@code ServerHttpObservationFilter}: the starter
 * registers none, the requests are observed by the application's filter with the
 * starter's names, and excluded requests still get no observation of their own. What is
 * done while serving them is observed, and body sizes are not recorded: both need the
 * starter's filter.
 */
@SpringBootTest(classes = { TestApplication.class, HttpUserObservationFilterTests.UserFilterConfiguration.class },
		properties = { "management.tracing.sampling.probability=1.0",
				"observability.http.exclude-patterns=/internal/**" })
@AutoConfigureMockMvc
@AutoConfigureTracing
@AutoConfigureMetrics
class HttpUserObservationFilterTests {

	private static final String DURATION = HttpObservationDocumentation.HTTP_SERVER_REQUEST.getName();

	@Autowired
	private MockMvc mvc;

	@Autowired
	private CapturedSpans spans;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private ApplicationContext context;

	@BeforeEach
	void clearSpans() {
		this.spans.reset();
	}

	@Test
	void registersNoObservationFilterBesideTheApplicationsOwn() {
		assertThat(this.context.getBeansOfType(FilterRegistrationBean.class).values())
			.extracting(FilterRegistrationBean::getFilter)
			.filteredOn(ServerHttpObservationFilter.class::isInstance)
			.singleElement()
			.isExactlyInstanceOf(ServerHttpObservationFilter.class);
	}

	@Test
	void leavesTheExcludedRequestsOwnObservationOutButNotWhatItDoes() throws Exception {
		long countBefore = this.registry.find(DURATION).timers().stream().mapToLong(Timer::count).sum();
		this.mvc.perform(get("/internal/ping")).andExpect(status().isOk());
		assertThat(this.registry.find(DURATION).timers().stream().mapToLong(Timer::count).sum()).isEqualTo(countBefore);
		// the controller's own query runs with no span above it: recorded in metrics only
		assertThat(this.spans.finished()).extracting(SpanData::getName)
			.containsExactlyInAnyOrder("TaskService.listForResidence", "ResidenceService.nameOf");
	}

	@Test
	void observesRequestsWithTheStartersNamesButRecordsNoBodySizes() throws Exception {
		this.mvc
			.perform(post("/api/residences/5/tasks").contentType(MediaType.APPLICATION_JSON)
				.content("{\"title\":\"water the plants\"}"))
			.andExpect(status().isOk());
		assertThat(this.registry.get(DURATION)
			.tag(LowCardinalityKeyNames.HTTP_ROUTE.asString(), "/api/residences/{id}/tasks")
			.tag(LowCardinalityKeyNames.HTTP_REQUEST_METHOD.asString(), "POST")
			.timer()
			.count()).isOne();
		assertThat(this.registry.find(HttpBodySizeMeterDocumentation.REQUEST_BODY_SIZE.getName()).summaries())
			.isEmpty();
		assertThat(this.registry.find(HttpBodySizeMeterDocumentation.RESPONSE_BODY_SIZE.getName()).summaries())
			.isEmpty();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilterConfiguration {

		@Bean
		FilterRegistrationBean<ServerHttpObservationFilter> userObservationFilter(ObservationRegistry registry,
				ServerRequestObservationConvention convention) {
			FilterRegistrationBean<ServerHttpObservationFilter> registration = new FilterRegistrationBean<>(
					new ServerHttpObservationFilter(registry, convention));
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
			return registration;
		}

	}

}
