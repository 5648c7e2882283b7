package dev.observability.starter.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.context.ContextRegistry;
import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;

/**
 * One piece of work the application does for someone: an HTTP request, a job run, a test
 * method. It is what findings such as N+1 queries are counted in: everything that happens
 * between {@link #open} and {@link #close}, including SQL run after a controller returned
 * while a view renders, across as many Hibernate sessions and transactions as the work
 * uses.
 * <p>
 * The unit is current on the thread that opened it; context propagation
 * ({@code io.micrometer:context-propagation}) carries it to the threads that Micrometer
 * propagates observations to, so work a request hands to such a thread counts in the
 * request. Units nest: a unit opened while another is current (a MockMvc request inside a
 * test method) takes what happens until it closes, then the outer one is current again.
 * <p>
 * Integrations keep their own state in a unit through a {@link Slot}; a slot's value that
 * is a {@link Closing} is told when the unit closes, on the thread that closes it. Safe
 * for use by several threads: a value must be safe too when its integration records from
 * propagated threads.
 */
public final class UnitOfWork {

	static final String HOOK = "unit-of-work";

	private static final ThreadLocal<UnitOfWork> current = new ThreadLocal<>();

	private static final AtomicInteger slots = new AtomicInteger();

	static {
		registerWithContextPropagation();
	}

	private final String kind;

	private volatile String description;

	private volatile String name;

	private final @Nullable Span span;

	private final @Nullable UnitOfWork previous;

	private volatile @Nullable Object[] values = new Object[4];

	private volatile boolean closed;

	private UnitOfWork(String kind, String name, String description, @Nullable Span span,
			@Nullable UnitOfWork previous) {
		this.kind = kind;
		this.name = name;
		this.description = description;
		this.span = span;
		this.previous = previous;
	}

	/**
	 * Open a unit of work and make it current on this thread.
	 * @param kind what sort of work it is, e.g. {@code http} or {@code test}
	 * @param name bounded name of the work (an HTTP route template, a job's name), used
	 * in metric tags; {@link #rename} may set it later
	 * @param description how log lines name the work, e.g. {@code GET /api/tasks}
	 * @param span the span that stands for the work, which receives its findings as
	 * events, or {@code null} when there is none
	 * @return the unit, to {@link #close} on this thread
	 */
	public static UnitOfWork open(String kind, String name, String description, @Nullable Span span) {
		UnitOfWork unit = new UnitOfWork(kind, name, description,
				(span != null && span.getSpanContext().isValid()) ? span : null, current.get());
		current.set(unit);
		return unit;
	}

	/**
	 * The unit of work current on this thread.
	 * @return the unit, or {@code null} when the thread does no unit of work (startup, a
	 * thread nothing was propagated to)
	 */
	public static @Nullable UnitOfWork current() {
		return current.get();
	}

	/**
	 * Create a slot for an integration's state in every unit.
	 * @param <T> type of the state
	 * @return the slot, to keep in a static field
	 */
	public static <T> Slot<T> newSlot() {
		return new Slot<>(slots.getAndIncrement());
	}

	/**
	 * The state an integration keeps in this unit, created on first use.
	 * @param <T> type of the state
	 * @param slot the integration's slot
	 * @param factory creates the state
	 * @return the state
	 */
	@SuppressWarnings("unchecked")
	public <T> T get(Slot<T> slot, Supplier<? extends T> factory) {
		@Nullable Object[] values = this.values;
		Object value = (slot.index < values.length) ? values[slot.index] : null;
		if (value == null) {
			synchronized (this) {
				values = this.values;
				if (slot.index >= values.length) {
					values = Arrays.copyOf(values, Math.max(slot.index + 1, values.length * 2));
				}
				value = values[slot.index];
				if (value == null) {
					value = factory.get();
					if (!this.closed) {
						// a closed unit keeps no new state: close() told the states it
						// had
						values[slot.index] = value;
						this.values = values;
					}
				}
			}
		}
		return (T) value;
	}

	/**
	 * What sort of work this is, e.g. {@code http}.
	 * @return the kind
	 */
	public String getKind() {
		return this.kind;
	}

	/**
	 * Bounded name of the work, used in metric tags.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * How log lines name the work.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * Set the bounded name once it is known, e.g. an HTTP route once the request was
	 * mapped to a handler.
	 * @param name the name
	 * @param description how log lines name the work
	 */
	public void rename(String name, String description) {
		this.name = name;
		this.description = description;
	}

	/**
	 * The span that stands for the work.
	 * @return the span, or {@code null}
	 */
	public @Nullable Span getSpan() {
		return this.span;
	}

	/**
	 * Trace id of the work's span.
	 * @return the trace id, or {@code null} when the unit has no span
	 */
	public @Nullable String getTraceId() {
		return (this.span != null) ? this.span.getSpanContext().getTraceId() : null;
	}

	/**
	 * Whether the unit was closed: what propagated threads record after that is dropped.
	 * @return {@code true} once {@link #close} ran
	 */
	public boolean isClosed() {
		return this.closed;
	}

	/**
	 * Close the unit on the thread that opened it: the unit that was current before it is
	 * current again, and every {@link Closing} state is told, in the order of their
	 * slots. A state that fails is skipped; its failure is reported to {@code failures}.
	 * @param failures where failures of the states are recorded
	 */
	public void close(HookFailures failures) {
		if (current.get() == this) {
			if (this.previous != null) {
				current.set(this.previous);
			}
			else {
				current.remove();
			}
		}
		@Nullable Object[] states;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			// no state is added once closed (see get), so these are all there will be
			states = this.values;
		}
		for (Object value : states) {
			if (value instanceof Closing state) {
				try {
					state.unitClosed(this);
				}
				catch (RuntimeException | LinkageError ex) {
					failures.record(HOOK, ex);
				}
			}
		}
	}

	/**
	 * Findings of the unit so far, judged by every integration that counts into it,
	 * without reporting them: the test kit asks this for the unit of a test method still
	 * running.
	 * @return the findings
	 */
	public List<QueryFinding> findingsSoFar() {
		List<QueryFinding> findings = new ArrayList<>();
		for (Object value : this.values) {
			if (value instanceof FindingSource source) {
				findings.addAll(source.findingsSoFar(this));
			}
		}
		return findings;
	}

	@Override
	public String toString() {
		return this.kind + " " + this.description;
	}

	private static void registerWithContextPropagation() {
		try {
			Class.forName("io.micrometer.context.ContextRegistry", false, UnitOfWork.class.getClassLoader());
			ContextRegistry.getInstance()
				.registerThreadLocalAccessor(UnitOfWork.class.getName(), current::get, current::set, current::remove);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			// without context propagation a unit stays on the thread that opened it
		}
	}

	/**
	 * Where an integration keeps its state in a unit.
	 *
	 * @param <T> type of the state
	 */
	public static final class Slot<T> {

		private final int index;

		private Slot(int index) {
			this.index = index;
		}

	}

	/**
	 * State that can tell what it found in its unit of work so far.
	 */
	@FunctionalInterface
	public interface FindingSource {

		/**
		 * The findings so far, not reported.
		 * @param unit the unit the state belongs to
		 * @return the findings
		 */
		List<QueryFinding> findingsSoFar(UnitOfWork unit);

	}

	/**
	 * State that acts when its unit of work closes.
	 */
	@FunctionalInterface
	public interface Closing {

		/**
		 * Called once, when the unit closes.
		 * @param unit the unit
		 */
		void unitClosed(UnitOfWork unit);

	}

}
