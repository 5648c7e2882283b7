package dev.observability.sample.residence;

/**
 * Body of a request that adds a residence.
 *
 * @param name its name, not blank
 * @param address its postal address, not blank
 */
public record NewResidenceRequest(String name, String address) {

	/**
	 * What is wrong with this request.
	 * @return a message for the caller, or {@code null} when the request is valid
	 */
	String problem() {
		if (this.name == null || this.name.isBlank()) {
			return "name must not be blank";
		}
		if (this.address == null || this.address.isBlank()) {
			return "address must not be blank";
		}
		return null;
	}

}
