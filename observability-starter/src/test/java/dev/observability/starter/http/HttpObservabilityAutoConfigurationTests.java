package dev.observability.starter.http;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.OpenTelemetryServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.DispatcherServlet;

import static org.assertj.core.api.Assertions.assertThat;

class HttpObservabilityAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				WebMvcObservationAutoConfiguration.class, HttpObservabilityAutoConfiguration.class));

	@Test
	void registersEveryPartByDefault() {
		this.runner
			.run((context) -> assertThat(context).hasSingleBean(DefaultHttpServerRequestObservationConvention.class)
				.hasSingleBean(HttpHandledExceptionResolver.class)
				.hasSingleBean(HttpExclusionObservationPredicate.class)
				.hasSingleBean(HttpBodySizeObservationHandler.class)
				.hasSingleBean(HttpServerErrorObservationHandler.class)
				.hasBean("httpServerObservationFilter")
				.hasBean("httpServerRequestDurationBuckets"));
	}

	@Test
	void registersOneObservationFilterInPlaceOfBootsWithBootsOrderAndDispatcherTypes() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean("webMvcObservationFilter");
			assertThat(context.getBeansOfType(FilterRegistrationBean.class).values()).singleElement()
				.satisfies((registration) -> {
					assertThat(registration.getFilter()).isInstanceOf(ObservabilityServerHttpObservationFilter.class);
					assertThat(registration.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE + 1);
					assertThat(registration.determineDispatcherTypes())
						.containsExactlyInAnyOrder(DispatcherType.REQUEST, DispatcherType.ASYNC);
				});
		});
	}

	@Test
	void keepsBootsObservationFilterWhenHttpIsSwitchedOff() {
		this.runner.withPropertyValues("observability.http.enabled=false")
			.run((context) -> assertThat(context).hasBean("webMvcObservationFilter")
				.doesNotHaveBean("httpServerObservationFilter"));
	}

	@Test
	void backsOffForAnObservationFilterRegistrationOfTheUser() {
		this.runner.withUserConfiguration(UserFilterRegistrationConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean("httpServerObservationFilter")
				.doesNotHaveBean("webMvcObservationFilter")
				.hasBean("userObservationFilter")
				.hasSingleBean(HttpExclusionObservationPredicate.class));
	}

	@Test
	void backsOffForAnObservationFilterBeanOfTheUser() {
		this.runner.withUserConfiguration(UserFilterConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean("httpServerObservationFilter")
				.doesNotHaveBean("webMvcObservationFilter")
				.hasSingleBean(ServerHttpObservationFilter.class)
				.hasSingleBean(HttpExclusionObservationPredicate.class));
	}

	@Test
	void namesTheObservationAfterBootsPropertyWhenBootNamesAreKept() {
		this.runner
			.withPropertyValues("observability.http.metric-names=boot",
					"management.observations.http.server.requests.name=custom.requests")
			.run((context) -> {
				serve(context, new MockHttpServletRequest("GET", "/api/tasks"), new MockFilterChain());
				assertThat(context.getBean(MeterRegistry.class).get("custom.requests").timer().count()).isOne();
			});
	}

	@Test
	void usesTheConventionOfTheUser() {
		this.runner.withUserConfiguration(UserConventionConfiguration.class).run((context) -> {
			serve(context, new MockHttpServletRequest("GET", "/api/tasks"), new MockFilterChain());
			assertThat(context.getBean(MeterRegistry.class)
				.get(HttpObservationDocumentation.HTTP_SERVER_REQUEST.getName())
				.timer()
				.count()).isOne();
		});
	}

	@Test
	void backsOffWhenHttpIsSwitchedOff() {
		this.runner.withPropertyValues("observability.http.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpObservabilityProperties.class)
				.doesNotHaveBean(ServerRequestObservationConvention.class));
	}

	@Test
	void backsOffWhenObservabilityIsSwitchedOffGlobally() {
		this.runner.withPropertyValues("observability.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpObservabilityProperties.class));
	}

	@Test
	void staysOnWhenHttpIsSwitchedOnDespiteTheGlobalSwitch() {
		this.runner.withPropertyValues("observability.enabled=false", "observability.http.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(HttpObservabilityProperties.class));
	}

	@Test
	void backsOffWithoutSpringMvc() {
		this.runner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run((context) -> assertThat(context).doesNotHaveBean(HttpObservabilityProperties.class));
	}

	@Test
	void keepsAConventionTheUserDeclared() {
		this.runner.withUserConfiguration(UserConventionConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(ServerRequestObservationConvention.class)
				.getBean(ServerRequestObservationConvention.class)
				.isExactlyInstanceOf(OpenTelemetryServerRequestObservationConvention.class));
	}

	@Test
	void registersNoNamesOrBucketsWhenBootNamesAreKept() {
		this.runner.withPropertyValues("observability.http.metric-names=boot")
			.run((context) -> assertThat(context).doesNotHaveBean(ServerRequestObservationConvention.class)
				.doesNotHaveBean("httpServerRequestDurationBuckets")
				.hasSingleBean(HttpExclusionObservationPredicate.class));
	}

	@Test
	void recordsNoBodySizesWhenSwitchedOff() {
		this.runner.withPropertyValues("observability.http.body-sizes.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(HttpBodySizeObservationHandler.class)
				.hasBean("httpServerObservationFilter")
				.hasSingleBean(DefaultHttpServerRequestObservationConvention.class);
			MockHttpServletResponse response = new MockHttpServletResponse();
			MockFilterChain chain = new MockFilterChain();
			serve(context, new MockHttpServletRequest("POST", "/api/tasks"), response, chain);
			assertThat(chain.getResponse()).as("response passed on unwrapped").isSameAs(response);
			assertThat(context.getBean(MeterRegistry.class)
				.find(HttpBodySizeMeterDocumentation.RESPONSE_BODY_SIZE.getName())
				.summaries()).isEmpty();
		});
	}

	@Test
	void recordsBodySizesThroughItsObservationFilter() {
		this.runner.run((context) -> {
			MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/tasks");
			request.setContent(new byte[12]);
			serve(context, request, new MockFilterChain());
			assertThat(context.getBean(MeterRegistry.class)
				.get(HttpBodySizeMeterDocumentation.REQUEST_BODY_SIZE.getName())
				.summary()
				.totalAmount()).isEqualTo(12);
		});
	}

	private static void serve(AssertableWebApplicationContext context, MockHttpServletRequest request,
			MockFilterChain chain) throws Exception {
		serve(context, request, new MockHttpServletResponse(), chain);
	}

	private static void serve(AssertableWebApplicationContext context, MockHttpServletRequest request,
			MockHttpServletResponse response, MockFilterChain chain) throws Exception {
		ServerHttpObservationFilter filter = (ServerHttpObservationFilter) context
			.getBean("httpServerObservationFilter", FilterRegistrationBean.class)
			.getFilter();
		filter.doFilter(request, response, chain);
	}

	@Test
	void leavesSpanStatusAloneWithoutTheOpenTelemetryBridge() {
		this.runner.withClassLoader(new FilteredClassLoader(OtelSpan.class))
			.run((context) -> assertThat(context).doesNotHaveBean(HttpServerErrorObservationHandler.class)
				.hasSingleBean(DefaultHttpServerRequestObservationConvention.class));
	}

	@Test
	void excludesRequestsUnderTheConfiguredManagementBasePath() {
		this.runner
			.withConfiguration(
					AutoConfigurations.of(EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.base-path=/manage")
			.run((context) -> {
				HttpExclusionObservationPredicate predicate = context.getBean(HttpExclusionObservationPredicate.class);
				assertThat(predicate.test("any", requestContext("/manage/health"))).isFalse();
				assertThat(predicate.test("any", requestContext("/actuator/health"))).isTrue();
			});
	}

	private static ServerRequestObservationContext requestContext(String uri) {
		return new ServerRequestObservationContext(new MockHttpServletRequest("GET", uri),
				new MockHttpServletResponse());
	}

	@Test
	void bindsEveryProperty() {
		this.runner
			.withPropertyValues("observability.http.metric-names=opentelemetry",
					"observability.http.histogram-buckets=10ms,1s", "observability.http.exclude-actuator=false",
					"observability.http.exclude-patterns=/internal/**,/ping",
					"observability.http.body-sizes.enabled=true", "observability.http.body-sizes.buckets=1KB,1MB")
			.run((context) -> {
				HttpObservabilityProperties properties = context.getBean(HttpObservabilityProperties.class);
				assertThat(properties.getMetricNames())
					.isEqualTo(HttpObservabilityProperties.MetricNames.OPENTELEMETRY);
				assertThat(properties.getHistogramBuckets()).containsExactly(Duration.ofMillis(10),
						Duration.ofSeconds(1));
				assertThat(properties.isExcludeActuator()).isFalse();
				assertThat(properties.getExcludePatterns()).containsExactly("/internal/**", "/ping");
				assertThat(properties.getBodySizes().isEnabled()).isTrue();
				assertThat(properties.getBodySizes().getBuckets()).containsExactly(DataSize.ofKilobytes(1),
						DataSize.ofMegabytes(1));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilterRegistrationConfiguration {

		@Bean
		FilterRegistrationBean<ServerHttpObservationFilter> userObservationFilter() {
			return new FilterRegistrationBean<>(new ServerHttpObservationFilter(ObservationRegistry.NOOP));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilterConfiguration {

		@Bean
		ServerHttpObservationFilter userObservationFilter() {
			return new ServerHttpObservationFilter(ObservationRegistry.NOOP);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserConventionConfiguration {

		@Bean
		ServerRequestObservationConvention userConvention() {
			return new OpenTelemetryServerRequestObservationConvention();
		}

	}

}
