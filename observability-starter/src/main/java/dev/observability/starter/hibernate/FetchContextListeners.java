package dev.observability.starter.hibernate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.hibernate.event.service.spi.EventListenerGroup;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.InitializeCollectionEvent;
import org.hibernate.event.spi.InitializeCollectionEventListener;
import org.hibernate.event.spi.LoadEvent;
import org.hibernate.event.spi.LoadEventListener;

import dev.observability.starter.core.FetchContext;
import dev.observability.starter.core.HookFailures;

/**
 * Listeners that stand in for Hibernate's own collection-initialisation and load
 * listeners: each sets {@link FetchContext} to what is being loaded, calls the listeners
 * it replaced in their order, and restores the previous value, also when they throw. A
 * nested fetch sets its own value and gives the outer one back when it ends.
 * <p>
 * One listener per event type replaces the whole group rather than one wrapper per
 * listener, because Hibernate refuses two listeners of the same class in a group.
 */
final class FetchContextListeners {

	/**
	 * Name under which failures of this hook are recorded.
	 */
	static final String HOOK = "hibernate.fetch-context";

	private FetchContextListeners() {
	}

	/**
	 * Replace the listeners of the collection-initialisation and load groups, unless it
	 * was done before for this registry.
	 * @param registry the session factory's listener registry
	 * @param failures where failures to compute a label are recorded
	 */
	static void install(EventListenerRegistry registry, Supplier<HookFailures> failures) {
		FetchLabels labels = new FetchLabels(failures);
		replace(registry.getEventListenerGroup(EventType.INIT_COLLECTION), CollectionListener.class,
				(delegates) -> new CollectionListener(delegates, labels));
		replace(registry.getEventListenerGroup(EventType.LOAD), LoadListener.class,
				(delegates) -> new LoadListener(delegates, labels));
	}

	private static <T> void replace(EventListenerGroup<T> group, Class<? extends T> type,
			Function<List<T>, T> wrapper) {
		List<T> originals = new ArrayList<>();
		for (T listener : group.listeners()) {
			if (type.isInstance(listener)) {
				return;
			}
			originals.add(listener);
		}
		if (originals.isEmpty()) {
			return;
		}
		T replacement = wrapper.apply(originals);
		group.clearListeners();
		try {
			group.appendListener(replacement);
		}
		catch (RuntimeException ex) {
			group.clearListeners();
			originals.forEach(group::appendListener);
			throw ex;
		}
	}

	/**
	 * Sets the collection's role, e.g. {@code Residence.tasks}, around its
	 * initialisation.
	 */
	static final class CollectionListener implements InitializeCollectionEventListener {

		private final InitializeCollectionEventListener[] delegates;

		private final FetchLabels labels;

		CollectionListener(List<InitializeCollectionEventListener> delegates, FetchLabels labels) {
			this.delegates = delegates.toArray(new InitializeCollectionEventListener[0]);
			this.labels = labels;
		}

		@Override
		public void onInitializeCollection(InitializeCollectionEvent event) {
			String label = this.labels.collection(event);
			if (label == null) {
				initialize(event);
				return;
			}
			String previous = FetchContext.enter(label);
			try {
				initialize(event);
			}
			finally {
				FetchContext.restore(previous);
			}
		}

		private void initialize(InitializeCollectionEvent event) {
			for (InitializeCollectionEventListener delegate : this.delegates) {
				delegate.onInitializeCollection(event);
			}
		}

	}

	/**
	 * Sets the entity's name, e.g. {@code Residence}, around its loading.
	 */
	static final class LoadListener implements LoadEventListener {

		private final LoadEventListener[] delegates;

		private final FetchLabels labels;

		LoadListener(List<LoadEventListener> delegates, FetchLabels labels) {
			this.delegates = delegates.toArray(new LoadEventListener[0]);
			this.labels = labels;
		}

		@Override
		public void onLoad(LoadEvent event, LoadType loadType) {
			String label = this.labels.entity(event);
			if (label == null) {
				load(event, loadType);
				return;
			}
			String previous = FetchContext.enter(label);
			try {
				load(event, loadType);
			}
			finally {
				FetchContext.restore(previous);
			}
		}

		private void load(LoadEvent event, LoadType loadType) {
			for (LoadEventListener delegate : this.delegates) {
				delegate.onLoad(event, loadType);
			}
		}

	}

}
