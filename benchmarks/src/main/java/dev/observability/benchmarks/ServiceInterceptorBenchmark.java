package dev.observability.benchmarks;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.aop.framework.ProxyFactory;

import dev.observability.starter.core.HookFailures;
import dev.observability.starter.service.ServiceObservationInterceptor;

/**
 * Per-call cost of the service-method interceptor: a trivial service method called
 * directly and through a Spring AOP proxy carrying the starter's interceptor. With
 * {@code noop} the registry has no handler (the interceptor's fast path); with
 * {@code tracing-and-meter} it has Micrometer's meter handler and the OTel tracing
 * handler exporting through a batch processor to an exporter that discards, so the
 * difference is proxy, observation, span and timer.
 * <p>
 * Run:
 * {@code java -jar benchmarks/target/benchmarks.jar ServiceInterceptor -f 1 -wi 3 -i 5 -w 1 -r 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ServiceInterceptorBenchmark {

	@Param({ "noop", "tracing-and-meter" })
	public String handlers;

	private SdkTracerProvider tracerProvider;

	private TaskService direct;

	private TaskService proxied;

	@Setup
	public void setUp() {
		ObservationRegistry registry = ObservationRegistry.create();
		this.tracerProvider = SdkTracerProvider.builder()
			.addSpanProcessor(BatchSpanProcessor.builder(new DiscardingSpanExporter()).setMaxQueueSize(1 << 16).build())
			.build();
		if (this.handlers.equals("tracing-and-meter")) {
			OtelTracer tracer = new OtelTracer(this.tracerProvider.get("benchmark"), new OtelCurrentTraceContext(),
					(event) -> {
					});
			registry.observationConfig()
				.observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()))
				.observationHandler(new DefaultTracingObservationHandler(tracer));
		}
		else {
			registry = ObservationRegistry.NOOP;
		}
		ObservationRegistry chosen = registry;
		this.direct = new DefaultTaskService();
		ProxyFactory factory = new ProxyFactory(this.direct);
		factory.addAdvice(new ServiceObservationInterceptor(() -> chosen, () -> null, HookFailures::logOnly));
		this.proxied = (TaskService) factory.getProxy();
	}

	@TearDown
	public void tearDown() {
		this.tracerProvider.close();
	}

	@Benchmark
	public int directCall() {
		return this.direct.countOpen(7);
	}

	@Benchmark
	public int interceptedCall() {
		return this.proxied.countOpen(7);
	}

	/**
	 * Service whose method does almost nothing, so the score is the interception cost.
	 */
	public interface TaskService {

		int countOpen(int residenceId);

	}

	static class DefaultTaskService implements TaskService {

		@Override
		public int countOpen(int residenceId) {
			return residenceId * 3;
		}

	}

}
