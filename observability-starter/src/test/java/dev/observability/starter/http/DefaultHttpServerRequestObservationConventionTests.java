package dev.observability.starter.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.common.docs.KeyName;
import org.junit.jupiter.api.Test;

import dev.observability.starter.http.HttpObservationDocumentation.HighCardinalityKeyNames;
import dev.observability.starter.http.HttpObservationDocumentation.LowCardinalityKeyNames;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultHttpServerRequestObservationConventionTests {

	private final DefaultHttpServerRequestObservationConvention convention = new DefaultHttpServerRequestObservationConvention(
			2);

	@Test
	void producesExactlyTheDocumentedKeys() {
		ServerRequestObservationContext context = context("/api/tasks/1", "/api/tasks/{id}", 200);
		assertThat(keys(this.convention.getLowCardinalityKeyValues(context)))
			.containsExactly(names(LowCardinalityKeyNames.values()));
		assertThat(keys(this.convention.getHighCardinalityKeyValues(context)))
			.containsExactly(names(HighCardinalityKeyNames.values()));
		assertThat(this.convention.getName()).isEqualTo(HttpObservationDocumentation.HTTP_SERVER_REQUEST.getName());
		assertThat(this.convention.getContextualName(context)).isEqualTo("GET /api/tasks/{id}");
	}

	@Test
	void reportsFurtherRoutesAsOverflowOnceTheLimitIsReached() {
		assertThat(route(context("/a", "/a", 200))).isEqualTo("/a");
		assertThat(route(context("/b", "/b", 200))).isEqualTo("/b");
		assertThat(route(context("/c", "/c", 200)))
			.isEqualTo(DefaultHttpServerRequestObservationConvention.ROUTE_OVERFLOW);
		assertThat(route(context("/a", "/a", 200))).isEqualTo("/a");
		assertThat(route(context("/nowhere", null, 404))).isEqualTo("NOT_FOUND");
	}

	@Test
	void neverAdmitsMoreRoutesThanTheLimitWhenThreadsRaceForNewRoutes() throws Exception {
		int limit = 50;
		int threads = 8;
		DefaultHttpServerRequestObservationConvention guarded = new DefaultHttpServerRequestObservationConvention(
				limit);
		CyclicBarrier start = new CyclicBarrier(threads);
		Set<String> admitted = ConcurrentHashMap.newKeySet();
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> runs = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				runs.add(executor.submit(() -> {
					start.await(10, TimeUnit.SECONDS);
					for (int i = 0; i < 500; i++) {
						String route = "/t" + thread + "/r" + i;
						String reported = value(guarded, context(route, route, 200), LowCardinalityKeyNames.HTTP_ROUTE);
						if (!reported.equals(DefaultHttpServerRequestObservationConvention.ROUTE_OVERFLOW)) {
							admitted.add(reported);
						}
					}
					return null;
				}));
			}
			for (Future<?> run : runs) {
				run.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(admitted).hasSize(limit);
	}

	@Test
	void reportsAMissingStaticResourceAsNotFoundWithTheMethodAsSpanName() {
		ServerRequestObservationContext context = context("/no/such/page.html", "/**", 404);
		context.getCarrier()
			.setAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE, new ResourceHttpRequestHandler());
		assertThat(route(context)).isEqualTo(DefaultHttpServerRequestObservationConvention.ROUTE_NOT_FOUND);
		assertThat(this.convention.getContextualName(context)).isEqualTo("GET");
	}

	@Test
	void keepsACatchAllRouteOfTheApplicationEvenWhenItAnswersNotFound() {
		ServerRequestObservationContext context = context("/anything", "/**", 404);
		assertThat(route(context)).isEqualTo("/**");
		assertThat(this.convention.getContextualName(context)).isEqualTo("GET /**");
	}

	@Test
	void namesTheStatusCodeOfAServerErrorWithoutExceptionAndTheExceptionOtherwise() {
		assertThat(errorType(context("/a", "/a", 503))).isEqualTo("503");
		assertThat(errorType(context("/a", "/a", 404))).isEqualTo(KeyValue.NONE_VALUE);
		ServerRequestObservationContext failed = context("/a", "/a", 500);
		failed.setError(new IllegalArgumentException("bad"));
		assertThat(errorType(failed)).isEqualTo(IllegalArgumentException.class.getName());
	}

	private static ServerRequestObservationContext context(String uri, String pattern, int status) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setStatus(status);
		ServerRequestObservationContext context = new ServerRequestObservationContext(request, response);
		context.setPathPattern(pattern);
		return context;
	}

	private String route(ServerRequestObservationContext context) {
		return value(context, LowCardinalityKeyNames.HTTP_ROUTE);
	}

	private String errorType(ServerRequestObservationContext context) {
		return value(context, LowCardinalityKeyNames.ERROR_TYPE);
	}

	private String value(ServerRequestObservationContext context, KeyName key) {
		return value(this.convention, context, key);
	}

	private static String value(DefaultHttpServerRequestObservationConvention convention,
			ServerRequestObservationContext context, KeyName key) {
		return convention.getLowCardinalityKeyValues(context)
			.stream()
			.filter((keyValue) -> keyValue.getKey().equals(key.asString()))
			.findFirst()
			.orElseThrow()
			.getValue();
	}

	private static String[] keys(KeyValues keyValues) {
		return keyValues.stream().map(KeyValue::getKey).toArray(String[]::new);
	}

	private static String[] names(KeyName[] names) {
		return Arrays.stream(names).map(KeyName::asString).toArray(String[]::new);
	}

}
