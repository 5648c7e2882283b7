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
		Runnable task = this.hook.propagating(command, this.name);
		try {
			this.delegate.execute(task);
		}
		catch (RejectedExecutionException ex) {
			this.rejections.count(task);
			throw ex;
		}
	}

	@Override
	public <T> Future<T> submit(Callable<T> task) {
		Callable<T> job = this.hook.propagating(task, this.name);
		try {
			return this.delegate.submit(job);
		}
		catch (RejectedExecutionException ex) {
			this.rejections.count(job);
			throw ex;
		}
	}

	@Override
	public <T> Future<T> submit(Runnable task, T result) {
		Runnable job = this.hook.propagating(task, this.name);
		try {
			return this.delegate.submit(job, result);
		}
		catch (RejectedExecutionException ex) {
			this.rejections.count(job);
			throw ex;
		}
	}

	@Override
	public Future<?> submit(Runnable task) {
		Runnable job = this.hook.propagating(task, this.name);
		try {
			return this.delegate.submit(job);
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
