package dev.observability.starter.pool;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Pool warm-up as an application sees it: a real {@code SpringApplication} with Boot's
 * DataSource, readiness events and logs.
 */
@ExtendWith(OutputCaptureExtension.class)
class PoolWarmUpTests {

	@Test
	void minimumIdleConnectionsAreOpenBeforeTheApplicationAcceptsTraffic(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = start(h2(), "--spring.datasource.hikari.minimum-idle=3",
				"--spring.datasource.hikari.maximum-pool-size=5", "--spring.datasource.hikari.pool-name=warm")) {
			assertThat(context.getBean(ReadinessProbe.class).totalConnectionsWhenAccepting)
				.hasValueGreaterThanOrEqualTo(3);
			HikariPoolMXBean pool = pool(context).getHikariPoolMXBean();
			assertThat(pool.getActiveConnections()).as("warm-up connections are returned").isZero();
			assertThat(output).contains("Warmed up pool 'warm' (DataSource bean 'dataSource'): 3 connections in");
		}
	}

	@Test
	void withoutWarmUpThePoolStartsOnTheFirstConnection() throws Exception {
		try (ConfigurableApplicationContext context = start(h2(), "--observability.pool.warm-up.enabled=false")) {
			assertThat(context.getBean(ReadinessProbe.class).totalConnectionsWhenAccepting).hasValue(-1);
			assertThat(pool(context).getHikariPoolMXBean()).isNull();
		}
	}

	@Test
	void aDatabaseThatRefusesConnectionsDoesNotStopStartup(CapturedOutput output) throws Exception {
		int port;
		try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = closed.getLocalPort();
		}
		try (ConfigurableApplicationContext context = start("jdbc:postgresql://127.0.0.1:" + port + "/none")) {
			assertThat(context.isRunning()).isTrue();
			assertThat(output).contains("not warmed up: 0 of").contains("opening a connection failed");
		}
	}

	@Test
	void aDatabaseThatNeverAnswersHoldsStartupOnlyUntilTheTimeout(CapturedOutput output) throws Exception {
		try (SilentServer silent = new SilentServer()) {
			try (ConfigurableApplicationContext context = start(
					"jdbc:postgresql://127.0.0.1:" + silent.port() + "/none",
					"--observability.pool.warm-up.timeout=300ms")) {
				assertThat(context.isRunning()).isTrue();
				assertThat(output).contains("not warmed up: 0 of").contains("the rest did not arrive within 300 ms");
			}
		}
	}

	@Test
	void aTimeoutThatIsNotPositiveFailsStartupNamingTheProperty(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(h2(), "--observability.pool.warm-up.timeout=0s"));
		assertThat(output).contains("Property: observability.pool.warm-up.timeout", "Value: \"0s\"",
				"must be a duration greater than zero");
	}

	private static String h2() {
		return "jdbc:h2:mem:" + UUID.randomUUID();
	}

	private static HikariDataSource pool(ConfigurableApplicationContext context) throws Exception {
		return context.getBean(DataSource.class).unwrap(HikariDataSource.class);
	}

	private static ConfigurableApplicationContext start(String url, String... args) {
		List<String> all = new ArrayList<>(List.of("--spring.datasource.url=" + url, "--spring.main.banner-mode=off"));
		all.addAll(List.of(args));
		return new SpringApplicationBuilder(WarmUpApplication.class).web(WebApplicationType.NONE)
			.run(all.toArray(String[]::new));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, PoolObservabilityAutoConfiguration.class })
	static class WarmUpApplication {

		@Bean
		ReadinessProbe readinessProbe(DataSource dataSource) {
			return new ReadinessProbe(dataSource);
		}

	}

	/**
	 * Records how many connections the pool had when readiness became
	 * {@code ACCEPTING_TRAFFIC} ({@code -1} when the pool had not started).
	 */
	static final class ReadinessProbe implements ApplicationListener<AvailabilityChangeEvent<?>> {

		private final DataSource dataSource;

		final AtomicInteger totalConnectionsWhenAccepting = new AtomicInteger(Integer.MIN_VALUE);

		ReadinessProbe(DataSource dataSource) {
			this.dataSource = dataSource;
		}

		@Override
		public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
			if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
				try {
					HikariPoolMXBean pool = this.dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
					this.totalConnectionsWhenAccepting.set((pool != null) ? pool.getTotalConnections() : -1);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
		}

	}

	/**
	 * Accepts connections and never answers, like a database host that hangs.
	 */
	private static final class SilentServer implements AutoCloseable {

		private final ServerSocket server;

		private final List<Socket> accepted = new ArrayList<>();

		private final Thread acceptor;

		SilentServer() throws IOException {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			this.acceptor = new Thread(() -> {
				try {
					while (!this.server.isClosed()) {
						Socket socket = this.server.accept();
						synchronized (this.accepted) {
							this.accepted.add(socket);
						}
					}
				}
				catch (IOException ex) {
					// closed
				}
			}, "silent-database");
			this.acceptor.setDaemon(true);
			this.acceptor.start();
		}

		int port() {
			return this.server.getLocalPort();
		}

		@Override
		public void close() throws IOException {
			this.server.close();
			synchronized (this.accepted) {
				for (Socket socket : this.accepted) {
					socket.close();
				}
			}
		}

	}

}
