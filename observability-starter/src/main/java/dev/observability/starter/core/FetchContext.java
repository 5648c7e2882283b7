package dev.observability.starter.core;

import org.jspecify.annotations.Nullable;

/**
 * What an object-relational mapper is loading on the current thread, such as the
 * collection {@code Residence.tasks} or the entity {@code Residence}: an ORM integration
 * sets it around a fetch, and the SQL integration tags the statements the fetch runs with
 * it. The two integrations know only this class, not each other.
 */
public final class FetchContext {

	private static final ThreadLocal<String> current = new ThreadLocal<>();

	private FetchContext() {
	}

	/**
	 * What is being loaded on this thread.
	 * @return the association or entity, e.g. {@code Residence.tasks}, or {@code null}
	 * outside a fetch
	 */
	public static @Nullable String current() {
		return current.get();
	}

	/**
	 * Start a fetch on this thread.
	 * @param association the association or entity being loaded
	 * @return what was being loaded before, to pass to {@link #restore}
	 */
	public static @Nullable String enter(String association) {
		String previous = current.get();
		current.set(association);
		return previous;
	}

	/**
	 * End a fetch on this thread.
	 * @param previous what {@link #enter} returned
	 */
	public static void restore(@Nullable String previous) {
		if (previous != null) {
			current.set(previous);
		}
		else {
			current.remove();
		}
	}

}
