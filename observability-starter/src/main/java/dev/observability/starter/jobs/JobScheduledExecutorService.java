package dev.observability.starter.jobs;

import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} bean as the starter exposes it: tasks handed over
 * with {@code execute} or {@code submit}, and delayed callables, are jobs under the
 * submitting thread's span; runnables given a delay or a period are scheduled jobs, every
 * run of which starts a trace of its own.
 */
final class JobScheduledExecutorService extends JobExecutorService implements ScheduledExecutorService {

	private final ScheduledExecutorService scheduled;

	JobScheduledExecutorService(ScheduledExecutorService delegate, JobHook hook, String name) {
		super(delegate, hook, name);
		this.scheduled = delegate;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
		return this.scheduled.schedule(this.hook.scheduled(command, this.name), delay, unit);
	}

	@Override
	public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
		return this.scheduled.schedule(this.hook.propagating(callable, this.name), delay, unit);
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
		return this.scheduled.scheduleAtFixedRate(this.hook.scheduled(command, this.name), initialDelay, period, unit);
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
		return this.scheduled.scheduleWithFixedDelay(this.hook.scheduled(command, this.name), initialDelay, delay,
				unit);
	}

}
