package dev.observability.starter.core;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class HookFailuresTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final HookFailures failures = new HookFailures(() -> this.registry);

	@Test
	void logsTheFirstFailureOfAHookOnceAndCountsEveryFailureInAMeter(CapturedOutput output) {
		for (int i = 0; i < 3; i++) {
			this.failures.record("jdbc", new IllegalStateException("boom " + i));
		}
		this.failures.record("service", new IllegalStateException("other hook"));
		assertThat(this.failures.count("jdbc")).isEqualTo(3);
		assertThat(this.registry.get("observability.hook.failures").tag("hook", "jdbc").counter().count()).isEqualTo(3);
		assertThat(this.registry.get("observability.hook.failures").tag("hook", "service").counter().count())
			.isEqualTo(1);
		assertThat(output).containsOnlyOnce("Observability hook 'jdbc' failed");
		assertThat(output).contains("boom 0").doesNotContain("boom 1").contains("other hook");
	}

	@Test
	void concurrentFirstFailuresLogExactlyOneWarning(CapturedOutput output) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		try {
			for (int i = 0; i < 8; i++) {
				threads.execute(() -> {
					try {
						start.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					this.failures.record("racy", new IllegalStateException("concurrent"));
				});
			}
			start.countDown();
		}
		finally {
			threads.shutdown();
			assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(this.failures.count("racy")).isEqualTo(8);
		assertThat(output).containsOnlyOnce("Observability hook 'racy' failed");
	}

	@Test
	void instancesDoNotShareCounts() {
		HookFailures other = HookFailures.logOnly();
		this.failures.record("jdbc", new IllegalStateException("boom"));
		assertThat(other.count("jdbc")).isZero();
	}

}
