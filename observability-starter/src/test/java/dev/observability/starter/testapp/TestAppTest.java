package dev.observability.starter.testapp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

/**
 * {@code @SpringBootTest} of {@link TestApplication} with MockMvc, every span sampled and
 * exported to memory, metrics and the Prometheus endpoint on. Test classes that add
 * nothing else share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = TestApplication.class,
		properties = { "management.tracing.sampling.probability=1.0",
				"management.endpoints.web.exposure.include=health,prometheus",
				"observability.http.exclude-patterns=/internal/**" })
@AutoConfigureMockMvc
@AutoConfigureTracing
@AutoConfigureMetrics
public @interface TestAppTest {

}
