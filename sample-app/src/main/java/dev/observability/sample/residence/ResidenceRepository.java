package dev.observability.sample.residence;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Stores {@link Residence residences}.
 */
public interface ResidenceRepository extends JpaRepository<Residence, Long> {

	/**
	 * All residences in alphabetical order.
	 * @return the residences, ordered by name
	 */
	List<Residence> findAllByOrderByNameAsc();

}
