package dev.observability.test.jpa;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Stores {@link Chore chores}.
 */
public interface ChoreRepository extends JpaRepository<Chore, Long> {

	/**
	 * One chore by title, read with a query each time it is called.
	 * @param title the title
	 * @return the chore, if there is one
	 */
	Optional<Chore> findByTitle(String title);

}
