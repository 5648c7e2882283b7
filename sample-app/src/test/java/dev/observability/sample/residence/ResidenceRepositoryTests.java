package dev.observability.sample.residence;

import java.time.LocalDate;

import dev.observability.test.ObservabilityTest;
import dev.observability.test.Telemetry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jpa.test.autoconfigure.TestEntityManager;

import static dev.observability.test.TelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A repository test in Boot's JPA slice, as docs/test-kit.md shows it: the test method is
 * a unit of work, so walking lazy tasks is an N+1 on {@code Residence.tasks} and the
 * entity graph is none. The seeded residences are there, since the seeder is a component.
 */
@DataJpaTest
@ObservabilityTest
class ResidenceRepositoryTests {

	@Autowired
	private ResidenceRepository residences;

	@Autowired
	private Telemetry telemetry;

	@Autowired
	private TestEntityManager entities;

	@BeforeEach
	void addResidencesWithTasks() {
		for (int i = 1; i <= 3; i++) {
			Residence residence = this.entities.persist(new Residence("Residence " + i, i + " Test Street"));
			this.entities.persist(new MaintenanceTask(residence, "Task " + i, LocalDate.of(2031, 1, i)));
		}
		this.entities.flush();
		this.entities.clear();
	}

	@Test
	void listingWithTasksRunsNoQueryPerResidence() {
		residences().findAllWithTasksOrderByNameAsc().forEach((residence) -> residence.getTasks().size());
		assertThat(this.telemetry.findings()).hasNoNPlusOne().hasNoRepeatedQueries();
	}

	@Test
	void walkingLazyTasksIsAnNPlusOneOnResidenceTasks() {
		int count = 0;
		for (Residence residence : residences().findAllByOrderByNameAsc()) {
			residence.getTasks().size();
			count++;
		}
		assertThat(count).isEqualTo(3);
		assertThat(this.telemetry.findings()).hasNPlusOne()
			.on("Residence.tasks")
			.at("ResidenceRepositoryTests.walkingLazyTasksIsAnNPlusOneOnResidenceTasks")
			.withCount(count);
	}

	private ResidenceRepository residences() {
		return this.residences;
	}

}
