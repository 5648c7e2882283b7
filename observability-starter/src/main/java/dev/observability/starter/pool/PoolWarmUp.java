package dev.observability.starter.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Opens the minimum idle connections of every HikariCP pool behind the application's
 * DataSource beans once the context has started. It runs on
 * {@link ApplicationStartedEvent}, before Boot publishes the readiness state
 * {@code ACCEPTING_TRAFFIC}, so readiness stays {@code REFUSING_TRAFFIC} until the pools
 * are warm or the timeout has passed, and the first requests do not wait for connections
 * to be created. Connections are requested in parallel, so the pool creates them as fast
 * as it can; each is returned to the pool as soon as all have been opened (or when it
 * arrives after the timeout). One line per pool says what happened. A pool that cannot
 * connect (database down) does not stop or hang startup beyond the timeout.
 */
final class PoolWarmUp implements ApplicationListener<ApplicationStartedEvent> {

	private static final Log logger = LogFactory.getLog(PoolWarmUp.class);

	private final Duration timeout;

	PoolWarmUp(Duration timeout) {
		this.timeout = timeout;
	}

	@Override
	public void onApplicationEvent(ApplicationStartedEvent event) {
		Set<HikariDataSource> warmed = Collections.newSetFromMap(new IdentityHashMap<>());
		Map<String, DataSource> dataSources = event.getApplicationContext().getBeansOfType(DataSource.class);
		dataSources.forEach((name, dataSource) -> {
			HikariDataSource pool = hikari(dataSource);
			if (pool != null && !pool.isClosed() && warmed.add(pool)) {
				warmUp(name, pool);
			}
		});
	}

	private static @Nullable HikariDataSource hikari(DataSource dataSource) {
		try {
			return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
		}
		catch (SQLException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Warm one pool up.
	 * @param beanName the DataSource bean's name, for the log
	 * @param pool the pool
	 * @return how many connections were opened
	 */
	int warmUp(String beanName, HikariDataSource pool) {
		int wanted = (pool.getMinimumIdle() > 0) ? pool.getMinimumIdle() : pool.getMaximumPoolSize();
		if (wanted <= 0) {
			return 0;
		}
		String name = "'" + ((pool.getPoolName() != null) ? pool.getPoolName() : beanName) + "' (DataSource bean '"
				+ beanName + "')";
		long start = System.nanoTime();
		long deadline = start + this.timeout.toNanos();
		ExecutorService executor = Executors.newFixedThreadPool(wanted, new WarmUpThreads());
		List<Connection> opened = new ArrayList<>(wanted);
		// one connection first: it starts the pool, and if the database cannot be reached
		// there is no point in asking for the others
		Outcome outcome = await(List.of(request(pool, executor)), deadline, opened);
		if (outcome.failure == null && !outcome.timedOut && wanted > 1) {
			List<CompletableFuture<Connection>> rest = new ArrayList<>(wanted - 1);
			for (int i = 1; i < wanted; i++) {
				rest.add(request(pool, executor));
			}
			outcome = await(rest, deadline, opened);
		}
		executor.shutdown();
		opened.forEach(PoolWarmUp::close);
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		if (opened.size() == wanted) {
			logger.info("Warmed up pool " + name + ": " + wanted + " connections in " + millis + " ms");
		}
		else {
			String why = outcome.timedOut ? "the rest did not arrive within " + this.timeout.toMillis() + " ms"
					: "opening a connection failed";
			logger.warn("Pool " + name + " not warmed up: " + opened.size() + " of " + wanted + " connections in "
					+ millis + " ms; " + why + ((outcome.failure != null) ? " (" + outcome.failure + ")" : ""));
		}
		return opened.size();
	}

	private static CompletableFuture<Connection> request(HikariDataSource pool, ExecutorService executor) {
		return CompletableFuture.supplyAsync(() -> connection(pool), executor);
	}

	/**
	 * Wait for connections until the deadline. A connection that arrives later is
	 * returned to the pool when it arrives.
	 */
	private static Outcome await(List<CompletableFuture<Connection>> requests, long deadline, List<Connection> opened) {
		Throwable failure = null;
		boolean timedOut = false;
		for (CompletableFuture<Connection> request : requests) {
			try {
				opened.add(request.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
			}
			catch (TimeoutException ex) {
				timedOut = true;
				request.thenAccept(PoolWarmUp::close);
			}
			catch (ExecutionException ex) {
				failure = (failure != null) ? failure : ex.getCause();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				request.thenAccept(PoolWarmUp::close);
				failure = ex;
			}
		}
		return new Outcome(failure, timedOut);
	}

	private static Connection connection(HikariDataSource pool) {
		try {
			return pool.getConnection();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	private static void close(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Cannot return a warm-up connection to its pool", ex);
		}
	}

	private record Outcome(@Nullable Throwable failure, boolean timedOut) {
	}

	/**
	 * Daemon threads, so that a pool that never answers cannot keep the JVM alive.
	 */
	private static final class WarmUpThreads implements java.util.concurrent.ThreadFactory {

		private static final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "observability-pool-warm-up-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
