package dev.observability.starter.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * HikariCP pools under OpenTelemetry's {@code db.client.connection.*} names and the
 * {@code pool} health contributor, on Boot's production wiring (Prometheus, Boot's pool
 * metadata meters, the starter's DataSource wrapping), with a real pool that is really
 * exhausted.
 */
@ExtendWith(OutputCaptureExtension.class)
class PoolMetricsAndHealthTests {

	private static final String POOL = "db.client.connection.pool.name";

	@Test
	void poolIsRecordedUnderOpenTelemetryNamesByPoolNameAndBootsGaugesStay() {
		try (ConfigurableApplicationContext context = start("--spring.datasource.hikari.pool-name=main",
				"--spring.datasource.hikari.minimum-idle=2", "--spring.datasource.hikari.maximum-pool-size=4")) {
			context.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("db.client.connection.count")
				.tag(POOL, "main")
				.tag("db.client.connection.state", "idle")
				.gauge()
				.value()).isGreaterThanOrEqualTo(1);
			assertThat(meters.get("db.client.connection.count")
				.tag(POOL, "main")
				.tag("db.client.connection.state", "used")
				.gauge()
				.value()).isZero();
			assertThat(meters.get("db.client.connection.max").tag(POOL, "main").gauge().value()).isEqualTo(4);
			assertThat(meters.get("db.client.connection.idle.min").tag(POOL, "main").gauge().value()).isEqualTo(2);
			assertThat(meters.get("db.client.connection.pending_requests").tag(POOL, "main").gauge().value()).isZero();
			assertThat(meters.get("db.client.connection.wait_time").tag(POOL, "main").timer().count()).isPositive();
			assertThat(meters.get("db.client.connection.use_time").tag(POOL, "main").timer().count()).isPositive();
			// HikariCP times the connections its filler thread opens, so the first may
			// come later
			await().atMost(Duration.ofSeconds(10))
				.until(() -> meters.get("db.client.connection.create_time").tag(POOL, "main").timer().count() > 0);
			assertThat(meters.find("db.client.connection.timeouts").tag(POOL, "main").counter()).isNotNull();
			assertThat(meters.getMeters()).extracting((meter) -> meter.getId().getName())
				.noneMatch((name) -> name.startsWith("hikaricp."))
				.contains("jdbc.connections.active", "jdbc.connections.idle");
			String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
			assertThat(scrape).contains("db_client_connection_count{db_client_connection_pool_name=\"main\"",
					"db_client_connection_wait_time_seconds_bucket{db_client_connection_pool_name=\"main\"",
					"jdbc_connections_active{");
		}
	}

	@Test
	void bootsHikariNamesComeBackOnRequest() {
		try (ConfigurableApplicationContext context = start("--spring.datasource.hikari.pool-name=main",
				"--observability.pool.metric-names=boot")) {
			context.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class);
			List<String> names = context.getBean(MeterRegistry.class)
				.getMeters()
				.stream()
				.map(Meter::getId)
				.map(Meter.Id::getName)
				.toList();
			assertThat(names).contains("hikaricp.connections.active")
				.noneMatch((name) -> name.startsWith("db.client.connection."));
			assertThat(context.getBeansOfType(PoolHealthIndicator.class)).isEmpty();
		}
	}

	@Test
	void idlePoolIsUpWithItsConnectionCounts() {
		try (ConfigurableApplicationContext context = start("--spring.datasource.hikari.pool-name=main",
				"--spring.datasource.hikari.maximum-pool-size=3")) {
			context.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class);
			Health health = poolHealth(context);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(pool(health, "main")).containsEntry("active", 0)
				.containsEntry("pending", 0)
				.containsEntry("max", 3)
				.containsEntry("status", "UP")
				.containsKey("idle");
		}
	}

	@Test
	void exhaustedPoolIsDegradedWhileTheApplicationStaysUp() throws Exception {
		try (ConfigurableApplicationContext context = start("--spring.datasource.hikari.pool-name=tiny",
				"--spring.datasource.hikari.maximum-pool-size=1", "--spring.datasource.hikari.connection-timeout=250",
				"--observability.pool.health.wait-threshold=50ms")) {
			DataSource dataSource = context.getBean(DataSource.class);
			try (Connection held = dataSource.getConnection()) {
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> dataSource.getConnection().close());
				Health health = poolHealth(context);
				assertThat(health.getStatus()).isEqualTo(PoolHealthIndicator.DEGRADED);
				assertThat(pool(health, "tiny")).containsEntry("active", 1)
					.containsEntry("max", 1)
					.containsEntry("status", "DEGRADED")
					.hasEntrySatisfying("reason", (reason) -> assertThat(reason)
						.isEqualTo("a request for a connection timed out in the last 60 s"));
			}
			assertThat(context.getBean(MeterRegistry.class)
				.get("db.client.connection.timeouts")
				.tag(POOL, "tiny")
				.counter()
				.count()).isEqualTo(1);
			assertThat(context.getBean("dbHealthContributor", HealthIndicator.class).health(false).getStatus())
				.isEqualTo(Status.UP);
		}
	}

	@Test
	void longWaitForAConnectionDegradesThePoolUntilTheWindowPasses() throws Exception {
		try (ConfigurableApplicationContext context = start("--spring.datasource.hikari.pool-name=tiny",
				"--spring.datasource.hikari.maximum-pool-size=1", "--observability.pool.health.wait-threshold=1ms",
				"--observability.pool.health.window=2s")) {
			DataSource dataSource = context.getBean(DataSource.class);
			HikariPoolMXBean pool;
			try (Connection held = dataSource.getConnection()) {
				pool = dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
				CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
					try (Connection waited = dataSource.getConnection()) {
						return waited.isValid(1);
					}
					catch (SQLException ex) {
						throw new IllegalStateException(ex);
					}
				});
				// the connection goes back only once the pool says a request is waiting
				// for it
				await().atMost(Duration.ofSeconds(10)).until(() -> pool.getThreadsAwaitingConnection() == 1);
				assertThat(waiter).isNotDone();
				held.close();
				assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
			}
			Health health = poolHealth(context);
			assertThat(health.getStatus()).isEqualTo(PoolHealthIndicator.DEGRADED);
			assertThat((String) pool(health, "tiny").get("reason")).startsWith("a request waited ")
				.endsWith(" ms for a connection in the last 2 s (threshold 1 ms)");
			await().atMost(Duration.ofSeconds(10)).until(() -> poolHealth(context).getStatus().equals(Status.UP));
		}
	}

	@Test
	void nonPositiveWaitThresholdFailsStartupNamingTheProperty(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("--observability.pool.health.wait-threshold=0ms").close());
		assertThat(output).contains("Property: observability.pool.health.wait-threshold", "Value: \"0ms\"",
				"must be a duration greater than zero, for example 250ms");
	}

	private static Health poolHealth(ConfigurableApplicationContext context) {
		return context.getBean("poolHealthIndicator", HealthIndicator.class).health(true);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> pool(Health health, String name) {
		return (Map<String, Object>) ((Map<String, Object>) health.getDetails().get("pools")).get(name);
	}

	private static ConfigurableApplicationContext start(String... args) {
		List<String> all = new ArrayList<>(List.of("--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID(),
				"--spring.main.banner-mode=off", "--management.otlp.metrics.export.enabled=false",
				"--observability.pool.warm-up.enabled=false"));
		all.addAll(List.of(args));
		return new SpringApplicationBuilder(PoolApplication.class).web(WebApplicationType.NONE)
			.run(all.toArray(String[]::new));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class PoolApplication {

	}

}
