package dev.observability.benchmarks.boot;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of calling a {@code @Service} bean method in an application wired by Boot (see
 * {@link BootApplication}), inside a request span. With {@code service=true} the starter
 * observes the call; with {@code service=false}
 * ({@code observability.service.enabled=false}) the bean is called directly. The
 * difference of the two scores, and of {@code gc.alloc.rate.norm}, is the starter's cost
 * per service call.
 * <p>
 * Run (one context per parameter value, one thread):
 * {@code java -jar benchmarks/target/benchmarks.jar BootServiceCallBenchmark -f 3 -wi 5 -i 5 -w 2 -r 2 -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BootServiceCallBenchmark {

	/**
	 * Value of {@code observability.service.enabled}.
	 */
	@Param({ "true", "false" })
	public boolean service;

	private BootApplication application;

	static final int CALLS_PER_REQUEST = 20;

	private BenchmarkService bean;

	private long value;

	@Setup
	public void setUp() throws IOException {
		this.application = BootApplication.start("observability.service.enabled=" + this.service);
		this.bean = this.application.getBean(BenchmarkService.class);
	}

	@TearDown
	public void tearDown() {
		this.application.close();
	}

	/**
	 * A request that makes {@value #CALLS_PER_REQUEST} service calls; the score is per
	 * call, so the request's own span (the same in both settings) is spread over them.
	 * @return the last result
	 */
	@Benchmark
	@OperationsPerInvocation(CALLS_PER_REQUEST)
	public long serviceCall() {
		return this.application.inRequest(() -> {
			long result = 0;
			for (int i = 0; i < CALLS_PER_REQUEST; i++) {
				result = this.bean.work(++this.value);
			}
			return result;
		});
	}

}
