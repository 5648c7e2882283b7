package dev.observability.sample;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Points the application's data source at the {@link EmbeddedPostgresServer shared
 * embedded PostgreSQL}, starting it when the data source is first configured.
 */
@TestConfiguration(proxyBeanMethods = false)
class EmbeddedPostgresConfiguration {

	@Bean
	DynamicPropertyRegistrar embeddedPostgresProperties() {
		return (registry) -> {
			registry.add("spring.datasource.url", EmbeddedPostgresServer::jdbcUrl);
			registry.add("spring.datasource.username", () -> EmbeddedPostgresServer.USER);
			registry.add("spring.datasource.password", () -> "");
		};
	}

}
