package dev.observability.benchmarks.boot;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Application the benchmarks start: every auto-configuration on the classpath (Boot's
 * observation, metrics, Prometheus, OpenTelemetry tracing and OTLP export, JDBC with
 * Hikari, and the starter) plus one service bean.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(BenchmarkService.class)
public class BenchmarkApplication {

}
