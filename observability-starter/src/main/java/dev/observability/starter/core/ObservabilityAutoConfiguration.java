package dev.observability.starter.core;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Binds the global {@code observability.*} switch so that it has IDE metadata and fails
 * fast on a bad value. Integrations each have their own auto-configuration.
 */
@AutoConfiguration
@EnableConfigurationProperties(ObservabilityProperties.class)
public final class ObservabilityAutoConfiguration {

}
