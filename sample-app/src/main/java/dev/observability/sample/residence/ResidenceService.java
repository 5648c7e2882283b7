package dev.observability.sample.residence;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Reads and adds residences.
 */
@Service
public class ResidenceService {

	private final ResidenceRepository residences;

	private final ResidenceIdsCache residenceIds;

	ResidenceService(ResidenceRepository residences, ResidenceIdsCache residenceIds) {
		this.residences = residences;
		this.residenceIds = residenceIds;
	}

	/**
	 * All residences.
	 * @return the residences, ordered by name
	 */
	@Transactional(readOnly = true)
	public List<Residence> list() {
		return this.residences.findAllByOrderByNameAsc();
	}

	/**
	 * Open tasks per residence, read the way an unwary listing reads them: one query for
	 * the residences, then one more per residence when its lazy task list is first
	 * touched (the N+1 shape the starter's SQL telemetry makes visible, and the
	 * benchmarks' second endpoint).
	 * @return one count per residence, ordered by name
	 */
	@Transactional(readOnly = true)
	public List<ResidenceTaskCount> openTasksPerResidence() {
		return countOpenTasks(this.residences.findAllByOrderByNameAsc());
	}

	/**
	 * Open tasks per residence, read in one query that loads the residences with their
	 * tasks (an entity graph): the fix of {@link #openTasksPerResidence()}'s N+1, with
	 * the same result.
	 * @return one count per residence, ordered by name
	 */
	@Transactional(readOnly = true)
	public List<ResidenceTaskCount> openTasksPerResidenceInOneQuery() {
		return countOpenTasks(this.residences.findAllWithTasksOrderByNameAsc());
	}

	private static List<ResidenceTaskCount> countOpenTasks(List<Residence> residences) {
		List<ResidenceTaskCount> counts = new ArrayList<>();
		for (Residence residence : residences) {
			long open = residence.getTasks().stream().filter((task) -> task.getStatus() == TaskStatus.OPEN).count();
			counts.add(new ResidenceTaskCount(residence.getId(), residence.getName(), open));
		}
		return counts;
	}

	/**
	 * Add a residence without tasks, and evict the {@link ResidenceIdsCache cached
	 * residence ids} once it is committed.
	 * @param name its name
	 * @param address its postal address
	 * @return the stored residence, with its id
	 */
	@Transactional
	public Residence create(String name, String address) {
		Residence residence = this.residences.save(new Residence(name, address));
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				ResidenceService.this.residenceIds.evict();
			}

		});
		return residence;
	}

	/**
	 * One residence.
	 * @param id the residence's id
	 * @return the residence
	 * @throws NotFoundException if there is no residence with that id
	 */
	@Transactional(readOnly = true)
	public Residence get(Long id) {
		return this.residences.findById(id).orElseThrow(() -> NotFoundException.residence(id));
	}

}
