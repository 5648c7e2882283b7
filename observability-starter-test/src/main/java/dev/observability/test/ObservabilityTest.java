package dev.observability.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;

/**
 * Put on a {@code @SpringBootTest} class to capture its telemetry in memory and inject
 * {@link Telemetry}:
 * <ul>
 * <li>tracing and metrics stay on, as in production (Boot switches both off in tests
 * unless {@link AutoConfigureTracing @AutoConfigureTracing} and
 * {@link AutoConfigureMetrics @AutoConfigureMetrics} are present; this annotation carries
 * both);</li>
 * <li>every span is sampled and captured by an in-memory exporter behind a simple (not
 * batching) span processor, so a span is visible as soon as it ends;</li>
 * <li>captured spans are cleared and a new meter baseline is taken before each test
 * method, so every test sees only its own telemetry.</li>
 * </ul>
 * Having the test kit on the classpath alone changes nothing: only test classes with this
 * annotation get the capture, so other tests pay no memory or time for it. Note that with
 * export on, OTLP destinations configured for the application are also used by the test;
 * set {@code management.tracing.export.otlp.enabled=false} or
 * {@code management.otlp.metrics.export.enabled=false} in the test's properties if that
 * is not wanted.
 *
 * <pre class="code">
 * &#064;SpringBootTest
 * &#064;AutoConfigureMockMvc
 * &#064;ObservabilityTest
 * class TaskApiTests {
 *
 *     &#064;Autowired
 *     Telemetry telemetry;
 *     ...
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@AutoConfigureTracing
@AutoConfigureMetrics
@ImportAutoConfiguration
public @interface ObservabilityTest {

}
