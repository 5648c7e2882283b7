package dev.observability.starter.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.actuate.endpoint.ExposableEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.http.server.PathContainer;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Decides which requests are left out of traces and HTTP metrics: the actuator's
 * endpoints (at Boot's real base path) and the paths matching configured patterns.
 * Actuator paths are resolved on first use, so that building this object never forces the
 * actuator's endpoints to be created early.
 */
final class HttpExclusions {

	private final List<PathPattern> patterns;

	private final Supplier<List<PathPattern>> actuatorPatterns;

	HttpExclusions(List<String> patterns, Supplier<PathMappedEndpoints> actuatorEndpoints) {
		this.patterns = patterns.stream().map(PathPatternParser.defaultInstance::parse).toList();
		this.actuatorPatterns = SingletonSupplier.of(() -> actuatorPatterns(actuatorEndpoints.get()));
	}

	boolean matches(HttpServletRequest request) {
		List<PathPattern> actuator = this.actuatorPatterns.get();
		if (this.patterns.isEmpty() && actuator.isEmpty()) {
			return false;
		}
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		PathContainer path = PathContainer.parsePath(
				(contextPath != null && uri.startsWith(contextPath)) ? uri.substring(contextPath.length()) : uri);
		return anyMatches(actuator, path) || anyMatches(this.patterns, path);
	}

	private static boolean anyMatches(List<PathPattern> patterns, PathContainer path) {
		for (PathPattern pattern : patterns) {
			if (pattern.matches(path)) {
				return true;
			}
		}
		return false;
	}

	private static List<PathPattern> actuatorPatterns(PathMappedEndpoints endpoints) {
		if (endpoints == null) {
			return List.of();
		}
		List<String> roots = new ArrayList<>();
		String basePath = endpoints.getBasePath();
		if (StringUtils.hasText(basePath) && !"/".equals(basePath)) {
			roots.add(basePath);
		}
		else {
			roots.addAll(endpoints.getAllPaths());
		}
		for (PathMappedEndpoint endpoint : endpoints) {
			if (endpoint instanceof ExposableEndpoint<?> exposable) {
				roots.addAll(endpoints.getAdditionalPaths(WebServerNamespace.SERVER, exposable.getEndpointId()));
			}
		}
		List<PathPattern> patterns = new ArrayList<>();
		for (String root : roots) {
			String trimmed = StringUtils.trimTrailingCharacter(root, '/');
			patterns.add(PathPatternParser.defaultInstance.parse(trimmed.isEmpty() ? "/" : trimmed));
			patterns.add(PathPatternParser.defaultInstance.parse(trimmed + "/**"));
		}
		return List.copyOf(patterns);
	}

}
