package dev.observability.starter.core;

import java.security.CodeSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Finds the application's code under the current call: the first stack frame that belongs
 * neither to the JDK, nor to a framework or driver, nor to the starter. Walking the stack
 * costs microseconds, so integrations call this only once they found something worth
 * reporting (an N+1, a slow query), never on every operation.
 */
public final class CodeLocations {

	private static final List<String> FRAMEWORK_PACKAGES = List.of("java.", "javax.", "jakarta.", "jdk.", "sun.",
			"com.sun.", "org.springframework.", "org.hibernate.", "com.zaxxer.", "org.h2.", "org.postgresql.",
			"com.mysql.", "org.mariadb.", "oracle.", "com.microsoft.sqlserver.", "org.hsqldb.", "org.apache.",
			"io.micrometer.", "io.opentelemetry.", "net.bytebuddy.", "org.aspectj.", "com.fasterxml.", "tools.jackson.",
			"org.junit.", "org.assertj.", "org.mockito.", "kotlin.", "kotlinx.", "reactor.", "io.netty.", "io.lettuce.",
			"org.jooq.", "org.mybatis.", "org.eclipse.", "io.undertow.", "com.github.benmanes.", "groovy.",
			"org.codehaus.");

	private static final String STARTER_PACKAGE = "dev.observability.starter.";

	private static final @Nullable CodeSource STARTER_CODE = codeSource(CodeLocations.class);

	private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

	private CodeLocations() {
	}

	/**
	 * The first application frame under the caller.
	 * @return the frame as {@code com.example.TaskService.list(TaskService.java:42)}, or
	 * {@code null} when the stack holds no application frame
	 */
	public static @Nullable String applicationCaller() {
		Optional<StackWalker.StackFrame> frame = WALKER
			.walk((frames) -> frames.filter(CodeLocations::isApplication).findFirst());
		return frame.map((found) -> found.toStackTraceElement().toString()).orElse(null);
	}

	static boolean isApplication(StackWalker.StackFrame frame) {
		String className = frame.getClassName();
		if (className.indexOf('$') >= 0 && (className.contains("$$") || className.contains("$Proxy")
				|| className.contains("$HibernateProxy") || className.contains("$ByteBuddy"))) {
			return false;
		}
		for (String prefix : FRAMEWORK_PACKAGES) {
			if (className.startsWith(prefix)) {
				return false;
			}
		}
		return !className.startsWith(STARTER_PACKAGE)
				|| !Objects.equals(codeSource(frame.getDeclaringClass()), STARTER_CODE);
	}

	private static @Nullable CodeSource codeSource(Class<?> type) {
		try {
			return type.getProtectionDomain().getCodeSource();
		}
		catch (SecurityException ex) {
			return null;
		}
	}

}
