package dev.observability.starter.hibernate.jpa;

import jakarta.persistence.EntityManager;

/**
 * Test data of the Hibernate tests: owners 1..n, each with two items ({@code id * 10 + 1}
 * and {@code + 2}) and one note.
 */
public final class Owners {

	private Owners() {
	}

	/**
	 * Store owners with their items and notes in one transaction of the given entity
	 * manager.
	 * @param entityManager where to store them
	 * @param count how many owners
	 */
	public static void store(EntityManager entityManager, int count) {
		entityManager.getTransaction().begin();
		for (long id = 1; id <= count; id++) {
			Owner owner = new Owner(id, "owner " + id);
			entityManager.persist(owner);
			entityManager.persist(new Item(id * 10 + 1, "first", owner));
			entityManager.persist(new Item(id * 10 + 2, "second", owner));
			entityManager.persist(new Note(id, owner));
		}
		entityManager.getTransaction().commit();
	}

}
