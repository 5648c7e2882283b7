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

	private final Supplier<Patterns> patterns;

	HttpExclusions(List<String> patterns, Supplier<PathMappedEndpoints> actuatorEndpoints) {
		List<PathPattern> configured = patterns.stream().map(PathPatternParser.defaultInstance::parse).toList();
		this.patterns = SingletonSupplier.of(() -> {
			List<PathPattern> all = new ArrayList<>(actuatorPatterns(actuatorEndpoints.get()));
			all.addAll(configured);
			return new Patterns(all);
		});
	}

	/**
	 * Whether a request is excluded. Most requests are decided by comparing their path
	 * with the literal prefixes of the patterns (the part before the first wildcard or
	 * variable); only a path that starts with one is parsed and matched.
	 * @param request the request
	 * @return {@code true} when excluded
	 */
	boolean matches(HttpServletRequest request) {
		Patterns patterns = this.patterns.get();
		if (patterns.all.isEmpty()) {
			return false;
		}
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		String path = (contextPath != null && uri.startsWith(contextPath)) ? uri.substring(contextPath.length()) : uri;
		if (!patterns.mayMatch(path)) {
			return false;
		}
		return anyMatches(patterns.all, PathContainer.parsePath(path));
	}

	/**
	 * The patterns and their literal prefixes.
	 */
	private static final class Patterns {

		private final List<PathPattern> all;

		private final String[] prefixes;

		Patterns(List<PathPattern> all) {
			this.all = List.copyOf(all);
			this.prefixes = all.stream()
				.map((pattern) -> literalPrefix(pattern.getPatternString()))
				.toArray(String[]::new);
		}

		boolean mayMatch(String path) {
			for (String prefix : this.prefixes) {
				if (path.startsWith(prefix)) {
					return true;
				}
			}
			return false;
		}

		private static String literalPrefix(String pattern) {
			for (int i = 0; i < pattern.length(); i++) {
				char c = pattern.charAt(i);
				if (c == '*' || c == '{' || c == '?') {
					return pattern.substring(0, Math.max(0, pattern.lastIndexOf('/', i)));
				}
			}
			return pattern;
		}

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
