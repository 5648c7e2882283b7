package dev.observability.test;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.UnitOfWork;

/**
 * Makes each test method a unit of work (so that its own statements are judged for N+1
 * and repeated queries) and resets {@link Telemetry} before each test method of a test
 * whose application context has one (that is, a test annotated with
 * {@link ObservabilityTest @ObservabilityTest}), after dependency injection and before
 * {@code @BeforeEach} methods. Registered through {@code META-INF/spring.factories}; it
 * never loads a context itself.
 */
public class TelemetryResetTestExecutionListener extends AbstractTestExecutionListener {

	private static final String UNIT_KIND = "test";

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

	/**
	 * Open the test method's unit of work, on the thread that runs the method, just
	 * before it runs (after {@code @BeforeEach} methods, so their set-up is not judged).
	 */
	@Override
	public void beforeTestExecution(TestContext testContext) {
		Telemetry telemetry = telemetry(testContext);
		if (telemetry != null) {
			String name = testContext.getTestClass().getSimpleName() + "." + testContext.getTestMethod().getName();
			telemetry.testMethodStarted(UnitOfWork.open(UNIT_KIND, name, "test " + name, null));
		}
	}

	/**
	 * Close the test method's unit of work, which reports its findings like a request's.
	 */
	@Override
	public void afterTestExecution(TestContext testContext) {
		Telemetry telemetry = telemetry(testContext);
		UnitOfWork unit = UnitOfWork.current();
		if (telemetry != null && unit != null && UNIT_KIND.equals(unit.getKind())) {
			telemetry.testMethodStarted(null);
			unit.close(testContext.getApplicationContext()
				.getBeanProvider(HookFailures.class)
				.getIfAvailable(HookFailures::logOnly));
		}
	}

	private static @Nullable Telemetry telemetry(TestContext testContext) {
		return testContext.hasApplicationContext()
				? testContext.getApplicationContext().getBeanProvider(Telemetry.class).getIfAvailable() : null;
	}

}
