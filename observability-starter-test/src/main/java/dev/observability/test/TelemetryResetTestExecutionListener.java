package dev.observability.test;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Resets {@link Telemetry} before each test method of a test whose application context
 * has one (that is, a test annotated with {@link ObservabilityTest @ObservabilityTest}),
 * after dependency injection and before {@code @BeforeEach} methods. Registered through
 * {@code META-INF/spring.factories}; it never loads a context itself.
 */
public class TelemetryResetTestExecutionListener extends AbstractTestExecutionListener {

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		if (testContext.hasApplicationContext()) {
			ApplicationContext context = testContext.getApplicationContext();
			context.getBeanProvider(Telemetry.class).ifAvailable(Telemetry::reset);
		}
	}

}
