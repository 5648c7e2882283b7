package dev.observability.benchmarks.boot;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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

import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.util.ReflectionUtils;

/**
 * Cost of handing a task to Boot's {@code applicationTaskExecutor} in an application
 * wired by Boot (see {@link BootApplication}): with {@code mode=lean} the starter makes
 * it a job on its lean path (the default); with {@code mode=observation} through the
 * Observation API ({@code observability.jobs.lean-path=false}); with {@code mode=off} the
 * starter's jobs are off and the executor runs the task as Boot made it.
 * <p>
 * {@link #hook()} measures what a task pays for being a job, without the thread handoff:
 * the executor's task decorator applied on the submitting thread (capturing the trace
 * context and the submission time) and the decorated task run (the job's span started
 * under the captured parent and made current with its observation, its unit of work, the
 * run timer, queue-wait timer, outcome counter and last-success gauge, the thread left as
 * found), as the pool thread would. {@link #submit()} hands tasks to the pool for real
 * and waits for them; the handoff between threads costs far more than the hook and varies
 * with scheduling, so its time says little on two cores, but its
 * {@code gc.alloc.rate.norm} is the allocation of all threads per task.
 * <p>
 * Run (one context per parameter value, one thread):
 * {@code java -jar benchmarks/target/benchmarks.jar BootJobBenchmark -f 2 -wi 5 -i 5 -w 2 -r 2 -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BootJobBenchmark {

	static final int TASKS_PER_REQUEST = 10;

	/**
	 * How tasks are recorded: {@code lean}, {@code observation} or {@code off}.
	 */
	@Param({ "lean", "observation", "off" })
	public String mode;

	private BootApplication application;

	private ThreadPoolTaskExecutor executor;

	private TaskDecorator decorator;

	private final AtomicLong work = new AtomicLong();

	private final Runnable task = this.work::incrementAndGet;

	@Setup
	public void setUp() throws IOException {
		this.application = BootApplication.start("observability.jobs.enabled=" + !"off".equals(this.mode),
				"observability.jobs.lean-path=" + "lean".equals(this.mode));
		this.executor = this.application.getBean(ThreadPoolTaskExecutor.class);
		Field field = ReflectionUtils.findField(ThreadPoolTaskExecutor.class, "taskDecorator");
		ReflectionUtils.makeAccessible(field);
		this.decorator = (TaskDecorator) ReflectionUtils.getField(field, this.executor);
		if (this.decorator == null && !"off".equals(this.mode)) {
			throw new IllegalStateException("Boot's executor has no task decorator: the starter's jobs are not on");
		}
	}

	@TearDown
	public void tearDown() {
		this.application.close();
	}

	/**
	 * {@value #TASKS_PER_REQUEST} tasks of a request decorated and run on the request's
	 * thread; the score is per task.
	 * @return the work done
	 */
	@Benchmark
	@OperationsPerInvocation(TASKS_PER_REQUEST)
	public long hook() {
		return this.application.inRequest(() -> {
			for (int i = 0; i < TASKS_PER_REQUEST; i++) {
				Runnable decorated = (this.decorator != null) ? this.decorator.decorate(this.task) : this.task;
				decorated.run();
			}
			return this.work.get();
		});
	}

	/**
	 * {@value #TASKS_PER_REQUEST} tasks of a request handed to the pool, each awaited;
	 * the score is per task.
	 * @return the work done
	 */
	@Benchmark
	@OperationsPerInvocation(TASKS_PER_REQUEST)
	public long submit() {
		return this.application.inRequest(() -> {
			try {
				for (int i = 0; i < TASKS_PER_REQUEST; i++) {
					this.executor.submit(this.task).get();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException(ex);
			}
			return this.work.get();
		});
	}

}
