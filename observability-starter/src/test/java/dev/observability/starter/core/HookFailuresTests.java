package dev.observability.starter.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class HookFailuresTests {

	@Test
	void logsTheFirstFailureOfAHookOnceAndCountsTheRest(CapturedOutput output) {
		String hook = "test-hook-" + System.nanoTime();
		for (int i = 0; i < 3; i++) {
			HookFailures.record(hook, new IllegalStateException("boom " + i));
		}
		assertThat(HookFailures.count(hook)).isEqualTo(3);
		assertThat(output).containsOnlyOnce("Observability hook '" + hook + "' failed");
		assertThat(output).contains("boom 0").doesNotContain("boom 1");
	}

}
