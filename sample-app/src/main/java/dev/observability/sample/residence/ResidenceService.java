package dev.observability.sample.residence;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads residences.
 */
@Service
public class ResidenceService {

	private final ResidenceRepository residences;

	ResidenceService(ResidenceRepository residences) {
		this.residences = residences;
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
