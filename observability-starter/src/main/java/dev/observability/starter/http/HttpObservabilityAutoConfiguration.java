package dev.observability.starter.http;

import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import jakarta.servlet.DispatcherType;

import dev.observability.starter.core.ConditionalOnObservabilityEnabled;
import dev.observability.starter.core.HistogramBuckets;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.NumericSpanAttributes;
import dev.observability.starter.core.ObservationMeterFilters;
import dev.observability.starter.core.SpanStartAttributes;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsProperties;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * HTTP server telemetry for Spring MVC: OpenTelemetry names and duration buckets, body
 * sizes, error status on spans, and exclusion of actuator requests. The request's
 * observation is made by Spring's {@code ServerHttpObservationFilter}; the starter
 * registers its subclass {@link ObservabilityServerHttpObservationFilter} in place of the
 * one Boot's {@code WebMvcObservationAutoConfiguration} would register (Boot backs off on
 * any {@code ServerHttpObservationFilter} bean, so this runs before it), so that
 * exclusion and body counting cost no filter pass of their own. An application that
 * declares its own {@code ServerHttpObservationFilter} keeps it: the starter then
 * registers no filter, excluded requests still get no observation of their own, but what
 * is done while serving them is observed, and body sizes are not recorded.
 */
@AutoConfiguration(
		afterName = {
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" },
		beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, ServerHttpObservationFilter.class, ObservationRegistry.class })
@ConditionalOnObservabilityEnabled("http")
@EnableConfigurationProperties(HttpObservabilityProperties.class)
public final class HttpObservabilityAutoConfiguration {

	private static final int DEFAULT_MAX_ROUTES = 100;

	@Bean
	@ConditionalOnMissingBean
	HttpHandledExceptionResolver httpHandledExceptionResolver(ObjectProvider<HookFailures> failures) {
		return new HttpHandledExceptionResolver(failures.getIfAvailable(HookFailures::logOnly));
	}

	@Bean
	HttpExclusions httpExclusions(HttpObservabilityProperties properties,
			ObjectProvider<PathMappedEndpoints> actuatorEndpoints) {
		return new HttpExclusions(properties.getExcludePatterns(),
				properties.isExcludeActuator() ? actuatorEndpoints::getIfAvailable : () -> null);
	}

	@Bean
	@ConditionalOnMissingBean
	HttpExclusionObservationPredicate httpExclusionObservationPredicate(HttpExclusions exclusions,
			ObjectProvider<HookFailures> failures) {
		return new HttpExclusionObservationPredicate(exclusions, failures.getIfAvailable(HookFailures::logOnly));
	}

	/**
	 * The request's observation filter, registered as Boot registers its own (same order,
	 * same dispatcher types, same observation name and fallback convention). Declared as
	 * a registration of a {@code ServerHttpObservationFilter}, the type Boot's condition
	 * looks for: Boot matches the registration's type argument exactly, so a registration
	 * typed with the subclass would not make it back off.
	 */
	@Bean
	@ConditionalOnBean(ObservationRegistry.class)
	@ConditionalOnMissingFilterBean(ServerHttpObservationFilter.class)
	FilterRegistrationBean<ServerHttpObservationFilter> httpServerObservationFilter(ObservationRegistry registry,
			ObjectProvider<ServerRequestObservationConvention> customConvention,
			ObjectProvider<ObservationProperties> observationProperties, HttpExclusions exclusions,
			ObjectProvider<HttpBodySizeObservationHandler> bodySizeHandler, ObjectProvider<HookFailures> failures,
			HttpObservabilityProperties properties) {
		String name = observationProperties.getIfAvailable(ObservationProperties::new)
			.getHttp()
			.getServer()
			.getRequests()
			.getName();
		ServerRequestObservationConvention convention = customConvention
			.getIfAvailable(() -> new DefaultServerRequestObservationConvention(name));
		// bytes are counted only for a handler that records them
		boolean countBodySizes = bodySizeHandler.stream().findAny().isPresent();
		HttpObservabilityProperties.TraceHeader traceHeader = properties.getTraceHeader();
		ObservabilityServerHttpObservationFilter filter = new ObservabilityServerHttpObservationFilter(registry,
				convention, exclusions, countBodySizes, failures.getIfAvailable(HookFailures::logOnly),
				traceHeader.isEnabled() ? traceHeader.getName() : null);
		FilterRegistrationBean<ServerHttpObservationFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
		return registration;
	}

	/**
	 * Clears the trace ids the request filter kept in the MDC for the container's log
	 * lines about a failed request.
	 * @return the listener's registration
	 */
	@Bean
	@ConditionalOnBean(ObservationRegistry.class)
	ServletListenerRegistrationBean<FailedRequestLogging> httpFailedRequestLogging() {
		return new ServletListenerRegistrationBean<>(new FailedRequestLogging());
	}

	/**
	 * The request's path on the server span from its start, for
	 * {@code observability.sampling.rules}; only when there are rules, since it costs an
	 * attribute per request.
	 * @return the start attributes
	 */
	@Bean
	@ConditionalOnProperty(name = "observability.sampling.rules[0].path")
	SpanStartAttributes httpUrlPathAtSpanStart() {
		return HttpSpanStartAttributes::urlPath;
	}

	@Bean
	NumericSpanAttributes httpNumericSpanAttributes() {
		return new NumericSpanAttributes(
				Set.of(HttpObservationDocumentation.LowCardinalityKeyNames.HTTP_RESPONSE_STATUS_CODE.asString()));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "observability.http.metric-names", havingValue = "opentelemetry",
			matchIfMissing = true)
	static class OpenTelemetryNamesConfiguration {

		@Bean
		@ConditionalOnMissingBean(ServerRequestObservationConvention.class)
		DefaultHttpServerRequestObservationConvention httpServerRequestObservationConvention(
				ObjectProvider<MetricsProperties> metricsProperties, ObjectProvider<HookFailures> failures) {
			MetricsProperties metrics = metricsProperties.getIfAvailable();
			int maxRoutes = (metrics != null) ? metrics.getWeb().getServer().getMaxUriTags() : DEFAULT_MAX_ROUTES;
			return new DefaultHttpServerRequestObservationConvention(maxRoutes,
					failures.getIfAvailable(HookFailures::logOnly));
		}

		@Bean
		MeterFilter httpServerRequestDurationBuckets(HttpObservabilityProperties properties) {
			return HistogramBuckets.forTimer(HttpObservationDocumentation.HTTP_SERVER_REQUEST.getName(),
					properties.getHistogramBuckets());
		}

		@Bean
		MeterFilter httpServerRequestDurationWithoutMicrometerErrorTag() {
			return ObservationMeterFilters
				.withoutMicrometerErrorTag(HttpObservationDocumentation.HTTP_SERVER_REQUEST.getName());
		}

		@Bean
		MeterFilter httpServerRequestDurationDescriptions() {
			HttpObservationDocumentation request = HttpObservationDocumentation.HTTP_SERVER_REQUEST;
			return ObservationMeterFilters.withDescriptions(request.getName(), request.getMeasuredOperations());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "observability.http.body-sizes.enabled", matchIfMissing = true)
	@ConditionalOnBean(MeterRegistry.class)
	static class BodySizeConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HttpBodySizeObservationHandler httpBodySizeObservationHandler(MeterRegistry meterRegistry,
				ObjectProvider<HookFailures> failures) {
			return new HttpBodySizeObservationHandler(meterRegistry, failures.getIfAvailable(HookFailures::logOnly));
		}

		@Bean
		MeterFilter httpRequestBodySizeBuckets(HttpObservabilityProperties properties) {
			return HistogramBuckets.forSummary(HttpBodySizeMeterDocumentation.REQUEST_BODY_SIZE.getName(),
					bytes(properties));
		}

		@Bean
		MeterFilter httpResponseBodySizeBuckets(HttpObservabilityProperties properties) {
			return HistogramBuckets.forSummary(HttpBodySizeMeterDocumentation.RESPONSE_BODY_SIZE.getName(),
					bytes(properties));
		}

		private static double[] bytes(HttpObservabilityProperties properties) {
			return properties.getBodySizes().getBuckets().stream().mapToDouble((size) -> size.toBytes()).toArray();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(OtelSpan.class)
	static class SpanStatusConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HttpServerErrorObservationHandler httpServerErrorObservationHandler(ObjectProvider<HookFailures> failures) {
			return new HttpServerErrorObservationHandler(failures.getIfAvailable(HookFailures::logOnly));
		}

	}

}
