package dev.observability.sample.residence;

import java.util.List;

import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * Stores {@link Residence residences}.
 */
public interface ResidenceRepository extends JpaRepository<Residence, Long> {

	/**
	 * All residences in alphabetical order.
	 * @return the residences, ordered by name
	 */
	List<Residence> findAllByOrderByNameAsc();

	/**
	 * All residences in alphabetical order with their tasks, in one query.
	 * @return the residences, ordered by name, tasks loaded
	 */
	@EntityGraph(attributePaths = "tasks")
	@Query("select r from Residence r order by r.name asc")
	List<Residence> findAllWithTasksOrderByNameAsc();

	/**
	 * Ids of all residences, without loading the residences.
	 * @return the ids in ascending order
	 */
	@Query("select r.id from Residence r order by r.id")
	List<Long> findAllIds();

	/**
	 * Postal address of a residence, read on its own.
	 * @param id the residence's id
	 * @return the address, or {@code null} when there is no such residence
	 */
	@Query("select r.address from Residence r where r.id = :id")
	String findAddressById(Long id);

}
