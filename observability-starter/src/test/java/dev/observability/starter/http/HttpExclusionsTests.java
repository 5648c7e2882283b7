package dev.observability.starter.http;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class HttpExclusionsTests {

	@Test
	void excludesTheActuatorBasePathAndEverythingBelowIt() {
		HttpExclusions exclusions = new HttpExclusions(List.of(), () -> endpoints("/manage"));
		assertThat(exclusions.matches(request("", "/manage"))).isTrue();
		assertThat(exclusions.matches(request("", "/manage/health/liveness"))).isTrue();
		assertThat(exclusions.matches(request("", "/managed/health"))).isFalse();
		assertThat(exclusions.matches(request("", "/api/manage"))).isFalse();
	}

	@Test
	void matchesPathsRelativeToTheContextPath() {
		HttpExclusions exclusions = new HttpExclusions(List.of("/internal/**"), () -> endpoints("/actuator"));
		assertThat(exclusions.matches(request("/app", "/app/actuator/prometheus"))).isTrue();
		assertThat(exclusions.matches(request("/app", "/app/internal/ping"))).isTrue();
		assertThat(exclusions.matches(request("/app", "/app/api/tasks"))).isFalse();
	}

	@Test
	void neverExcludesEverythingWhenTheActuatorSitsAtTheRoot() {
		HttpExclusions exclusions = new HttpExclusions(List.of(), () -> endpoints("/"));
		assertThat(exclusions.matches(request("", "/api/tasks"))).isFalse();
		assertThat(exclusions.matches(request("", "/"))).isFalse();
	}

	@Test
	void excludesOnlyConfiguredPatternsWithoutTheActuator() {
		HttpExclusions exclusions = new HttpExclusions(List.of("/ping"), () -> null);
		assertThat(exclusions.matches(request("", "/ping"))).isTrue();
		assertThat(exclusions.matches(request("", "/actuator/health"))).isFalse();
	}

	private static PathMappedEndpoints endpoints(String basePath) {
		return new PathMappedEndpoints(basePath, List::of);
	}

	private static MockHttpServletRequest request(String contextPath, String uri) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setContextPath(contextPath);
		return request;
	}

}
