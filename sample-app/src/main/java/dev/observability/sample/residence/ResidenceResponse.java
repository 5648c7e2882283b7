package dev.observability.sample.residence;

/**
 * A residence as the API returns it.
 *
 * @param id the residence's id
 * @param name its name
 * @param address its postal address
 */
public record ResidenceResponse(Long id, String name, String address) {

	static ResidenceResponse of(Residence residence) {
		return new ResidenceResponse(residence.getId(), residence.getName(), residence.getAddress());
	}

}
