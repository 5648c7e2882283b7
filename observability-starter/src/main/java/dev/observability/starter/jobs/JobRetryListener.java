package dev.observability.starter.jobs;

import org.springframework.context.ApplicationListener;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.Retryable;
import org.springframework.resilience.retry.MethodRetryEvent;

/**
 * Tells the job running on the current thread about retries, so that its span and its
 * {@code job.outcomes} count show which attempt succeeded or failed last. As a bean it
 * hears the failed attempts of {@code @Retryable} methods (Spring publishes each as a
 * {@link MethodRetryEvent}); for a {@code RetryTemplate} of the application's own, set it
 * as the template's listener:
 *
 * <pre class="code">
 * RetryTemplate retries = new RetryTemplate(policy);
 * retries.setRetryListener(new JobRetryListener());
 * </pre>
 */
public class JobRetryListener implements RetryListener, ApplicationListener<MethodRetryEvent> {

	@Override
	public void onRetryableExecution(RetryPolicy retryPolicy, Retryable<?> retryable, RetryState retryState) {
		if (!retryState.isSuccessful()) {
			attemptFailed();
		}
	}

	@Override
	public void onApplicationEvent(MethodRetryEvent event) {
		if (!event.isRetryAborted()) {
			attemptFailed();
		}
	}

	private static void attemptFailed() {
		JobRun run = JobRun.current();
		if (run != null) {
			run.attemptFailed();
		}
	}

}
