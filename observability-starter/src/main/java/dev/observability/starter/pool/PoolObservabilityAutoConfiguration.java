package dev.observability.starter.pool;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.observability.starter.core.ConditionalOnObservabilityEnabled;

/**
 * Connection pool support: warms HikariCP pools up at startup.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ DataSource.class, HikariDataSource.class })
@ConditionalOnObservabilityEnabled("pool")
@EnableConfigurationProperties(PoolObservabilityProperties.class)
public final class PoolObservabilityAutoConfiguration {

	@Bean
	@ConditionalOnBooleanProperty(name = "observability.pool.warm-up.enabled", matchIfMissing = true)
	static PoolWarmUp poolWarmUp(PoolObservabilityProperties properties) {
		return new PoolWarmUp(properties.getWarmUp().getTimeout());
	}

}
