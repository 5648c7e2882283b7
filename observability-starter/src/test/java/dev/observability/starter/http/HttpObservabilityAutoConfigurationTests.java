package dev.observability.starter.http;

import java.time.Duration;

import io.micrometer.tracing.otel.bridge.OtelSpan;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.OpenTelemetryServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
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
				.hasBean("httpExclusionFilter")
				.hasBean("httpBodySizeFilter")
				.hasBean("httpServerRequestDurationBuckets"));
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
		this.runner.withPropertyValues("observability.http.body-sizes.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpBodySizeObservationHandler.class)
				.doesNotHaveBean("httpBodySizeFilter")
				.hasSingleBean(DefaultHttpServerRequestObservationConvention.class));
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
	static class UserConventionConfiguration {

		@Bean
		ServerRequestObservationConvention userConvention() {
			return new OpenTelemetryServerRequestObservationConvention();
		}

	}

}
