package dev.observability.sample.residence;

/**
 * The residences API on the default wiring: in-memory H2.
 */
class H2ResidenceApiTests extends ResidenceApiScenario {

	@Override
	String expectedDatabaseProductName() {
		return "H2";
	}

}
