package dev.observability.benchmarks;

import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValues;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.http.server.observation.OpenTelemetryServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.observability.starter.http.DefaultHttpServerRequestObservationConvention;

/**
 * Per-request cost of naming and tagging the HTTP server observation: span name, low- and
 * high-cardinality key values, as the observation asks for them once per request. Spring
 * Framework's OpenTelemetry convention is the baseline; the starter's convention adds the
 * route cardinality guard (a set lookup), the 5xx {@code error.type} rule and the failure
 * guard. {@code overflowingRoute} is a route that arrives after the limit was reached.
 * <p>
 * Run:
 * {@code java -jar benchmarks/target/benchmarks.jar HttpConvention -f 1 -wi 3 -i 5 -w 1 -r 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HttpConventionBenchmark {

	private final ServerRequestObservationConvention spring = new OpenTelemetryServerRequestObservationConvention();

	private final DefaultHttpServerRequestObservationConvention starter = new DefaultHttpServerRequestObservationConvention(
			100);

	private final DefaultHttpServerRequestObservationConvention full = new DefaultHttpServerRequestObservationConvention(
			1);

	private ServerRequestObservationContext context;

	private ServerRequestObservationContext overflowing;

	@Setup
	public void setUp() {
		this.context = context("/api/residences/1/tasks", "/api/residences/{id}/tasks");
		this.overflowing = context("/api/residences/1", "/api/residences/{id}");
		this.full.getLowCardinalityKeyValues(this.context);
	}

	@Benchmark
	public void springConvention(Blackhole blackhole) {
		tag(this.spring, this.context, blackhole);
	}

	@Benchmark
	public void starterConvention(Blackhole blackhole) {
		tag(this.starter, this.context, blackhole);
	}

	@Benchmark
	public void starterConventionOverflowingRoute(Blackhole blackhole) {
		tag(this.full, this.overflowing, blackhole);
	}

	private static void tag(ServerRequestObservationConvention convention, ServerRequestObservationContext context,
			Blackhole blackhole) {
		blackhole.consume(convention.getContextualName(context));
		KeyValues low = convention.getLowCardinalityKeyValues(context);
		KeyValues high = convention.getHighCardinalityKeyValues(context);
		blackhole.consume(low);
		blackhole.consume(high);
	}

	private static ServerRequestObservationContext context(String uri, String pattern) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setStatus(200);
		ServerRequestObservationContext context = new ServerRequestObservationContext(request, response);
		context.setPathPattern(pattern);
		return context;
	}

}
