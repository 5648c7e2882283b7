package dev.observability.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

import dev.observability.starter.jdbc.JdbcObservabilityAutoConfiguration;

/**
 * Full per-statement cost of the JDBC observation: the same prepared query on H2 run
 * directly and through the DataSource the starter wraps, with a real observation registry
 * (OTel tracing handler exporting through a batch processor, meter handler on a
 * {@link SimpleMeterRegistry}). The difference between the two scores is the overhead per
 * statement: proxy, analysis (cached), observation, span and timer.
 * <p>
 * Run:
 * {@code java -jar benchmarks/target/benchmarks.jar JdbcStatement -f 1 -wi 3 -i 5 -w 1 -r 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JdbcStatementBenchmark {

	private static final String QUERY = "SELECT title FROM task WHERE id = ?";

	/**
	 * Which observation handlers the registry has. {@code none}: the proxy alone;
	 * {@code empty}: the observation with a handler that does nothing; {@code meter},
	 * {@code tracing}, {@code both}: Micrometer's default handlers, registered by hand;
	 * {@code boot}, {@code boot-tracing}: the registry Boot's auto-configuration builds
	 * (its meter handler group, with the starter's statement meter handler first),
	 * without and with the tracing handler.
	 */
	@Param({ "none", "empty", "meter", "tracing", "both", "boot", "boot-tracing" })
	public String handlers;

	private ConfigurableApplicationContext context;

	private SdkTracerProvider tracerProvider;

	private Connection plainConnection;

	private PreparedStatement plain;

	private Connection observedConnection;

	private PreparedStatement observed;

	@Setup
	public void setUp() throws SQLException {
		// a tight loop outruns the export thread on a shared machine; drops are expected
		Logger.getLogger(BatchSpanProcessor.class.getName()).setLevel(Level.OFF);
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:benchmark;DB_CLOSE_DELAY=-1");
		try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS task (id INT PRIMARY KEY, title VARCHAR(100))");
			statement.execute("MERGE INTO task KEY (id) VALUES (7, 'seven')");
		}
		this.tracerProvider = SdkTracerProvider.builder()
			.addSpanProcessor(BatchSpanProcessor.builder(new DiscardingSpanExporter()).setMaxQueueSize(1 << 16).build())
			.build();
		OtelTracer tracer = new OtelTracer(this.tracerProvider.get("benchmark"), new OtelCurrentTraceContext(),
				(event) -> {
				});
		DefaultTracingObservationHandler tracing = new DefaultTracingObservationHandler(tracer);
		if (this.handlers.startsWith("boot")) {
			SpringApplication application = new SpringApplication(BootConfiguration.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			application.setBannerMode(Banner.Mode.OFF);
			application.setLogStartupInfo(false);
			application.addInitializers((context) -> {
				// a bean definition, not a singleton, so that the post-processors see it
				((GenericApplicationContext) context).registerBean("dataSource", DataSource.class, () -> h2);
				if (this.handlers.equals("boot-tracing")) {
					context.getBeanFactory().registerSingleton("tracingObservationHandler", tracing);
				}
			});
			this.context = application.run("--logging.level.root=warn");
			if (!(this.context.getBean(DataSource.class) instanceof ProxyDataSource)) {
				throw new IllegalStateException("DataSource is not observed");
			}
		}
		else {
			ObservationRegistry registry = ObservationRegistry.create();
			if (this.handlers.equals("empty")) {
				registry.observationConfig().observationHandler((context) -> true);
			}
			if (this.handlers.equals("meter") || this.handlers.equals("both")) {
				registry.observationConfig()
					.observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
			}
			if (this.handlers.equals("tracing") || this.handlers.equals("both")) {
				registry.observationConfig().observationHandler(tracing);
			}
			AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
			context.registerBean("dataSource", DataSource.class, () -> h2);
			context.registerBean(ObservationRegistry.class, () -> registry);
			context.register(JdbcObservabilityAutoConfiguration.class);
			context.refresh();
			this.context = context;
		}
		this.plainConnection = h2.getConnection();
		this.plain = this.plainConnection.prepareStatement(QUERY);
		this.observedConnection = this.context.getBean(DataSource.class).getConnection();
		this.observed = this.observedConnection.prepareStatement(QUERY);
	}

	@TearDown
	public void tearDown() throws SQLException {
		this.plain.close();
		this.plainConnection.close();
		this.observed.close();
		this.observedConnection.close();
		this.context.close();
		this.tracerProvider.close();
	}

	@Benchmark
	public String plainStatement() throws SQLException {
		return run(this.plain);
	}

	@Benchmark
	public String observedStatement() throws SQLException {
		return run(this.observed);
	}

	private static String run(PreparedStatement statement) throws SQLException {
		statement.setInt(1, 7);
		try (ResultSet resultSet = statement.executeQuery()) {
			resultSet.next();
			return resultSet.getString(1);
		}
	}

	/**
	 * Boot's observation and metrics auto-configuration with the starter's JDBC
	 * observations.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
			SimpleMetricsExportAutoConfiguration.class, JdbcObservabilityAutoConfiguration.class })
	static class BootConfiguration {

	}

}
