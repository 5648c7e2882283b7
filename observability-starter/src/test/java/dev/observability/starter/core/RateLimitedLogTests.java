package dev.observability.starter.core;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RateLimitedLogTests {

	private final AtomicLong nanos = new AtomicLong(1_000);

	private final RecordingLog recording = new RecordingLog();

	private final RateLimitedLog log = new RateLimitedLog(this.recording.log, Duration.ofSeconds(60), 3,
			this.nanos::get);

	@Test
	void logsTheFirstLineOfAKey() {
		assertThat(this.log.warn("n+1 GET /tasks", () -> "N+1 on GET /tasks")).isTrue();
		assertThat(this.recording.lines).containsExactly("WARN N+1 on GET /tasks");
	}

	@Test
	void suppressesRepeatsWithinTheCooldownWithoutBuildingTheirMessage() {
		this.log.warn("key", () -> "first");
		this.nanos.addAndGet(Duration.ofSeconds(59).toNanos());
		assertThat(this.log.warn("key", () -> {
			throw new AssertionError("a suppressed line must not be built");
		})).isFalse();
		assertThat(this.recording.lines).containsExactly("WARN first");
	}

	@Test
	void nextLineAfterTheCooldownSaysHowManyWereSuppressed() {
		this.log.info("key", () -> "slow query");
		for (int i = 0; i < 12; i++) {
			this.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
			this.log.info("key", () -> "slow query");
		}
		this.nanos.addAndGet(Duration.ofSeconds(48).toNanos());
		assertThat(this.log.info("key", () -> "slow query")).isTrue();
		this.nanos.addAndGet(Duration.ofSeconds(60).toNanos());
		this.log.info("key", () -> "slow query");
		assertThat(this.recording.lines).containsExactly("INFO slow query",
				"INFO slow query (12 similar lines suppressed in the last 60 s)", "INFO slow query");
	}

	@Test
	void saysOneLineInTheSingularAndAShortPeriodInMilliseconds() {
		RateLimitedLog fast = new RateLimitedLog(this.recording.log, Duration.ofMillis(250), 10, this.nanos::get);
		fast.warn("key", () -> "export failed");
		fast.warn("key", () -> "export failed");
		this.nanos.addAndGet(Duration.ofMillis(300).toNanos());
		fast.warn("key", () -> "export failed");
		assertThat(this.recording.lines).containsExactly("WARN export failed",
				"WARN export failed (1 similar line suppressed in the last 300 ms)");
	}

	@Test
	void keysAreIndependent() {
		assertThat(this.log.warn("a", () -> "a1")).isTrue();
		assertThat(this.log.warn("b", () -> "b1")).isTrue();
		assertThat(this.log.warn("a", () -> "a2")).isFalse();
		assertThat(this.log.warn("b", () -> "b2")).isFalse();
		this.nanos.addAndGet(Duration.ofSeconds(60).toNanos());
		assertThat(this.log.warn("a", () -> "a3")).isTrue();
		assertThat(this.recording.lines).containsExactly("WARN a1", "WARN b1",
				"WARN a3 (1 similar line suppressed in the last 60 s)");
	}

	@Test
	void logsTheFailureWithTheLine() {
		IllegalStateException failure = new IllegalStateException("collector down");
		this.log.warn("export", () -> "export failed", failure);
		assertThat(this.recording.failures).containsExactly(failure);
	}

	@Test
	void tracksNoMoreKeysThanItsCap() {
		for (int i = 0; i < 100; i++) {
			this.log.warn("key-" + i, () -> "line");
		}
		assertThat(this.log.trackedKeys()).isEqualTo(3);
		assertThat(this.recording.lines).hasSize(100);
	}

	@Test
	void tracksNothingWhenTheLevelIsOff() {
		this.recording.enabled = false;
		assertThat(this.log.warn("key", () -> "line")).isFalse();
		assertThat(this.log.trackedKeys()).isZero();
		assertThat(this.recording.lines).isEmpty();
	}

	@Test
	void suppressingAllocatesNothing() {
		Supplier<String> message = () -> "line";
		this.log.warn("hot", message);
		for (int i = 0; i < 100_000; i++) {
			this.log.warn("hot", message);
		}
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		for (int i = 0; i < 100_000; i++) {
			this.log.warn("hot", message);
		}
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;
		// one object per call would be at least 1.6 MB; the JIT and the JVM's own
		// bookkeeping may add a few KB
		assertThat(allocated).isLessThan(100_000);
		assertThat(this.recording.lines).hasSize(1);
	}

	@Test
	void rejectsACooldownThatIsNotPositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RateLimitedLog(this.recording.log, Duration.ZERO, 10, this.nanos::get))
			.withMessageContaining("cooldown");
	}

	/**
	 * A commons-logging {@link Log} that records what is written to it.
	 */
	static final class RecordingLog {

		final List<String> lines = new CopyOnWriteArrayList<>();

		final List<Throwable> failures = new CopyOnWriteArrayList<>();

		volatile boolean enabled = true;

		final Log log = (Log) Proxy.newProxyInstance(Log.class.getClassLoader(), new Class<?>[] { Log.class },
				(proxy, method, args) -> {
					String name = method.getName();
					if (name.startsWith("is")) {
						return this.enabled;
					}
					if (args != null && args.length > 0) {
						this.lines.add(name.toUpperCase(java.util.Locale.ROOT) + " " + args[0]);
						if (args.length > 1 && args[1] != null) {
							this.failures.add((Throwable) args[1]);
						}
						return null;
					}
					throw new UnsupportedOperationException(name);
				});

	}

}
