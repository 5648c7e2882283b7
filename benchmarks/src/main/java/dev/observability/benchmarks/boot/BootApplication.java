package dev.observability.benchmarks.boot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.Span;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.observability.benchmarks.endtoend.OtlpSink;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.UnitOfWork;

/**
 * A running {@link BenchmarkApplication} and the in-process OTLP sink its spans are
 * exported to. Configured like variant A of {@code benchmarks/run.sh}: every trace
 * sampled, spans exported over OTLP/HTTP to 127.0.0.1, metrics in a Prometheus registry
 * (not pushed), an in-memory H2 database behind Hikari. The export thread cannot keep up
 * with a benchmark loop, so the span queue overflows and some spans are dropped instead
 * of exported, alike with the starter on and off; the measured thread's work is complete
 * either way. Only properties and beans that users see are touched, so the benchmarks
 * keep measuring whatever the starter's hooks become.
 */
final class BootApplication implements AutoCloseable {

	private final OtlpSink sink;

	private final ConfigurableApplicationContext context;

	private final ObservationRegistry observations;

	private final HookFailures failures;

	private BootApplication(OtlpSink sink, ConfigurableApplicationContext context) {
		this.sink = sink;
		this.context = context;
		this.observations = context.getBean(ObservationRegistry.class);
		this.failures = context.getBeanProvider(HookFailures.class).getIfAvailable(HookFailures::logOnly);
	}

	/**
	 * Starts the sink and the application.
	 * @param properties extra {@code key=value} properties, e.g. a switch of the starter
	 * @return the running application
	 * @throws IOException if the sink cannot bind a port
	 */
	static BootApplication start(String... properties) throws IOException {
		OtlpSink sink = OtlpSink.start(0);
		List<String> args = new ArrayList<>(List.of("--spring.application.name=benchmark",
				"--spring.main.banner-mode=off", "--logging.level.root=warn",
				// a tight loop outruns the export thread, so the span queue overflows;
				// the
				// drops are expected and only their warnings are silenced
				"--logging.level.io.opentelemetry.sdk.trace.export.BatchSpanProcessor=error",
				"--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"--management.tracing.sampling.probability=1.0",
				"--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:" + sink.port()
						+ "/v1/traces",
				"--management.otlp.metrics.export.enabled=false", "--observability.trace-log.enabled=false"));
		for (String property : properties) {
			args.add("--" + property);
		}
		try {
			ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchmarkApplication.class)
				.web(WebApplicationType.NONE)
				.logStartupInfo(false)
				.run(args.toArray(String[]::new));
			BootApplication application = new BootApplication(sink, context);
			application.checkWiring();
			return application;
		}
		catch (RuntimeException ex) {
			sink.close();
			throw ex;
		}
	}

	private void checkWiring() {
		if (this.context.getBeanProvider(Tracer.class).getIfAvailable() == null) {
			throw new IllegalStateException("No Tracer bean: Boot's OpenTelemetry tracing is not configured");
		}
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		boolean prometheus = registry instanceof PrometheusMeterRegistry
				|| (registry instanceof CompositeMeterRegistry composite
						&& composite.getRegistries().stream().anyMatch(PrometheusMeterRegistry.class::isInstance));
		if (!prometheus) {
			throw new IllegalStateException("Meters do not reach a Prometheus registry: " + registry);
		}
	}

	<T> T getBean(Class<T> type) {
		return this.context.getBean(type);
	}

	/**
	 * Runs an action the way a request handler would: inside an observation whose span is
	 * current while the action runs.
	 * @param <T> the action's result type
	 * @param action what the request does
	 * @return the action's result
	 */
	<T> T inRequest(Supplier<T> action) {
		Observation request = Observation.start("benchmark.request", this.observations);
		try (Observation.Scope scope = request.openScope()) {
			// a unit of work, as the starter's HTTP filter opens one for every request
			UnitOfWork unit = UnitOfWork.open("benchmark", "benchmark.request", "benchmark request", Span.current());
			try {
				return action.get();
			}
			finally {
				unit.close(this.failures);
			}
		}
		catch (RuntimeException ex) {
			request.error(ex);
			throw ex;
		}
		finally {
			request.stop();
		}
	}

	@Override
	public void close() {
		try {
			this.context.close();
		}
		finally {
			System.out.println("OTLP trace export requests received: " + this.sink.traceRequests());
			this.sink.close();
		}
	}

}
