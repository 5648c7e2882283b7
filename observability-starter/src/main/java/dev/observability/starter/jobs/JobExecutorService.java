package dev.observability.starter.jobs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * An {@link ExecutorService} bean of the application (a thread pool from
 * {@code Executors}, a virtual-thread-per-task executor) as the starter exposes it: each
 * task is a job under the submitting thread's span, rejections are counted; everything
 * else is the application's executor's.
 */
class JobExecutorService implements ExecutorService {

	final ExecutorService delegate;

	final JobHook hook;

	final String name;

	private final RejectionCounting rejections;

	JobExecutorService(ExecutorService delegate, JobHook hook, String name) {
		this.delegate = delegate;
		this.hook = hook;
		this.name = name;
		this.rejections = new RejectionCounting(hook, name, null);
	}

	@Override
	public void execute(Runnable command) {
		Runnable job = this.hook.propagating(command, this.name);
		handOver(job, () -> {
			this.delegate.execute(job);
			return null;
		});
	}

	@Override
	public <T> Future<T> submit(Callable<T> task) {
		Callable<T> job = this.hook.propagating(task, this.name);
		return handOver(job, () -> this.delegate.submit(job));
	}

	@Override
	public <T> Future<T> submit(Runnable task, T result) {
		Runnable job = this.hook.propagating(task, this.name);
		return handOver(job, () -> this.delegate.submit(job, result));
	}

	@Override
	public Future<?> submit(Runnable task) {
		Runnable job = this.hook.propagating(task, this.name);
		return handOver(job, () -> this.delegate.submit(job));
	}

	/**
	 * Hand a job to the application's executor, counting a rejection before the caller
	 * gets the executor's exception.
	 */
	private <T> T handOver(Object job, Supplier<T> handOver) {
		try {
			return handOver.get();
		}
		catch (RejectedExecutionException ex) {
			this.rejections.count(job);
			throw ex;
		}
	}

	@Override
	public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
		return this.delegate.invokeAll(jobs(tasks));
	}

	@Override
	public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
			throws InterruptedException {
		return this.delegate.invokeAll(jobs(tasks), timeout, unit);
	}

	@Override
	public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
		return this.delegate.invokeAny(jobs(tasks));
	}

	@Override
	public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
			throws InterruptedException, ExecutionException, TimeoutException {
		return this.delegate.invokeAny(jobs(tasks), timeout, unit);
	}

	private <T> List<Callable<T>> jobs(Collection<? extends Callable<T>> tasks) {
		List<Callable<T>> jobs = new ArrayList<>(tasks.size());
		for (Callable<T> task : tasks) {
			jobs.add(this.hook.propagating(task, this.name));
		}
		return jobs;
	}

	@Override
	public void shutdown() {
		this.delegate.shutdown();
	}

	@Override
	public List<Runnable> shutdownNow() {
		return this.delegate.shutdownNow();
	}

	@Override
	public boolean isShutdown() {
		return this.delegate.isShutdown();
	}

	@Override
	public boolean isTerminated() {
		return this.delegate.isTerminated();
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
		return this.delegate.awaitTermination(timeout, unit);
	}

	@Override
	public String toString() {
		return this.delegate.toString();
	}

}
