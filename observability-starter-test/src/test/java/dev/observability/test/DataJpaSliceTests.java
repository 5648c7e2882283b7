package dev.observability.test;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;

import dev.observability.test.jpa.Chore;
import dev.observability.test.jpa.ChoreRepository;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @ObservabilityTest} in Boot's JPA slice: a repository test asserts that it has
 * no N+1 or repeated query, with the starter's detection.
 */
@DataJpaTest
@ObservabilityTest
class DataJpaSliceTests {

	@Autowired
	private Telemetry telemetry;

	@Autowired
	private ChoreRepository chores;

	@BeforeEach
	void addChores() {
		for (long id = 1; id <= 5; id++) {
			this.chores.save(new Chore(id, "chore " + id));
		}
		this.chores.flush();
	}

	@Test
	void oneQueryForAllChoresHasNoFinding() {
		assertThat(this.chores.findAll()).hasSize(5);
		assertThat(this.telemetry.findings()).hasNoNPlusOne().hasNoRepeatedQueries();
	}

	@Test
	void queryPerTitleInALoopIsAnNPlusOne() {
		for (long id = 1; id <= 5; id++) {
			assertThat(this.chores.findByTitle("chore " + id)).isPresent();
		}
		assertThat(this.telemetry.findings()).hasNPlusOne().at("DataJpaSliceTests.queryPerTitleInALoop").withCount(5);
	}

	@Test
	void sameQueryRepeatedIsARepeatedQuery() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.chores.findByTitle("chore 1")).isPresent();
		}
		assertThat(this.telemetry.findings()).hasNoNPlusOne().hasRepeatedQuery().withCount(5);
	}

}
