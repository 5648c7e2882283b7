package dev.observability.starter.core;

/**
 * Marks the current thread while it does work whose telemetry is unwanted, such as
 * serving an actuator request: every observation started on it, by any integration, is
 * skipped. Work handed to other threads is not covered.
 */
public final class SuppressedWork {

	private static final ThreadLocal<Boolean> active = new ThreadLocal<>();

	private SuppressedWork() {
	}

	/**
	 * Whether the current thread is doing suppressed work.
	 * @return {@code true} between {@link #enter()} and {@link #exit()}
	 */
	public static boolean isActive() {
		return active.get() != null;
	}

	/**
	 * Start suppressing telemetry on the current thread.
	 * @return {@code false} when it was already suppressed, in which case the caller must
	 * not call {@link #exit()}
	 */
	public static boolean enter() {
		if (active.get() != null) {
			return false;
		}
		active.set(Boolean.TRUE);
		return true;
	}

	/**
	 * Stop suppressing telemetry on the current thread.
	 */
	public static void exit() {
		active.remove();
	}

}
