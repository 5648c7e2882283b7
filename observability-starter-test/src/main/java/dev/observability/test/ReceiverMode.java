package dev.observability.test;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How an {@link OtlpReceiver} answers right now, and the waiting its fault modes need: a
 * slow answer waits for its delay, a black-holed request until the mode changes; both end
 * at once when the receiver closes.
 */
final class ReceiverMode {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private Mode mode = new Mode(Kind.HEALTHY, Duration.ZERO, 200, 0);

	private boolean closed;

	Mode current() {
		this.lock.lock();
		try {
			return this.mode;
		}
		finally {
			this.lock.unlock();
		}
	}

	void set(Kind kind, Duration delay, int status) {
		this.lock.lock();
		try {
			this.mode = new Mode(kind, delay, status, this.mode.generation() + 1);
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	void close() {
		this.lock.lock();
		try {
			this.closed = true;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until the mode is no longer the one given, or the receiver closes.
	 * @param seen the mode the request was received in
	 * @throws InterruptedException if the thread is interrupted while waiting
	 */
	void holdWhileCurrent(Mode seen) throws InterruptedException {
		this.lock.lock();
		try {
			while (!this.closed && this.mode.generation() == seen.generation()) {
				this.changed.await();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits for the given time unless the receiver closes first.
	 * @param delay how long to wait
	 * @return {@code true} if the whole delay passed, {@code false} if the receiver
	 * closed
	 * @throws InterruptedException if the thread is interrupted while waiting
	 */
	boolean waitFor(Duration delay) throws InterruptedException {
		this.lock.lock();
		try {
			long nanos = delay.toNanos();
			while (!this.closed && nanos > 0) {
				nanos = this.changed.awaitNanos(nanos);
			}
			return !this.closed;
		}
		finally {
			this.lock.unlock();
		}
	}

	enum Kind {

		HEALTHY, SLOW, BLACK_HOLE, FAILING

	}

	/**
	 * One setting of the mode; {@code generation} tells settings of the same kind apart.
	 */
	record Mode(Kind kind, Duration delay, int status, long generation) {

	}

}
