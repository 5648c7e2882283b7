package dev.observability.starter.hibernate;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import org.hibernate.event.spi.InitializeCollectionEvent;
import org.hibernate.event.spi.LoadEvent;
import org.hibernate.persister.collection.CollectionPersister;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.HookFailures;

/**
 * Short names of what a fetch loads, computed once per collection role or entity name:
 * {@code com.example.Residence.tasks} becomes {@code Residence.tasks} and
 * {@code com.example.Residence} becomes {@code Residence}. Both maps are bounded by the
 * mapping, which is fixed once the session factory is built.
 */
final class FetchLabels {

	private final ConcurrentMap<String, String> collections = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, String> entities = new ConcurrentHashMap<>();

	private final Supplier<HookFailures> failures;

	FetchLabels(Supplier<HookFailures> failures) {
		this.failures = failures;
	}

	/**
	 * Label of the collection an event initialises.
	 * @param event the event
	 * @return the owner's simple name and the property path, or {@code null} when it
	 * cannot be told
	 */
	@Nullable String collection(InitializeCollectionEvent event) {
		try {
			CollectionPersister persister = event.getCollectionPersister();
			if (persister == null) {
				return null;
			}
			String role = persister.getRole();
			String label = this.collections.get(role);
			if (label == null) {
				label = collectionLabel(role, persister.getOwnerEntityPersister().getEntityName());
				this.collections.putIfAbsent(role, label);
			}
			return label;
		}
		catch (RuntimeException ex) {
			this.failures.get().record(FetchContextListeners.HOOK, ex);
			return null;
		}
	}

	/**
	 * Label of the entity an event loads.
	 * @param event the event
	 * @return the entity's simple name, or {@code null} when it cannot be told
	 */
	@Nullable String entity(LoadEvent event) {
		try {
			String entityName = event.getEntityClassName();
			if (entityName == null) {
				return null;
			}
			String label = this.entities.get(entityName);
			if (label == null) {
				label = simpleName(entityName);
				this.entities.putIfAbsent(entityName, label);
			}
			return label;
		}
		catch (RuntimeException ex) {
			this.failures.get().record(FetchContextListeners.HOOK, ex);
			return null;
		}
	}

	static String collectionLabel(String role, String ownerEntityName) {
		if (role.length() > ownerEntityName.length() && role.startsWith(ownerEntityName)
				&& role.charAt(ownerEntityName.length()) == '.') {
			return simpleName(ownerEntityName) + role.substring(ownerEntityName.length());
		}
		return role;
	}

	static String simpleName(String entityName) {
		int start = Math.max(entityName.lastIndexOf('.'), entityName.lastIndexOf('$')) + 1;
		return entityName.substring(start);
	}

}
