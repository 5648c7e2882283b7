package dev.observability.test;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Being on the test classpath alone must not capture anything.
 */
@SpringBootTest
class WithoutAnnotationTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void hasNoTelemetryWithoutTheAnnotation() {
		assertThat(this.context.getBeanProvider(Telemetry.class).getIfAvailable()).isNull();
		assertThat(this.context.getBeansOfType(io.opentelemetry.sdk.trace.SpanProcessor.class))
			.doesNotContainKey("observabilityTestSpanProcessor");
	}

}
