package dev.observability.sample.residence;

import java.time.LocalDate;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills an empty database with a few residences and their tasks, so the API has something
 * to show. Does nothing when any residence exists, which makes restarts against a
 * persistent database safe. Goes through JPA, so it works on every database the app
 * supports. The seeding is one observation, so its statements form one trace
 * ({@code seed sample data}) instead of a trace per statement.
 * <p>
 * Seeds while the application context refreshes, once every singleton exists: that is
 * before the embedded web server starts (it starts at the end of the refresh), so the
 * very first request already finds the data. An {@code ApplicationRunner} would run only
 * after the server accepts requests, which made the API answer 404 for a moment after
 * start.
 */
@Component
class SampleDataSeeder implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(SampleDataSeeder.class);

	/**
	 * Name of the seeding's observation, and of the timer Micrometer derives from it.
	 */
	static final String OBSERVATION = "sample.data.seed";

	static final List<SeedResidence> RESIDENCES = List.of(
			new SeedResidence("Harbour View", "12 Quay Street, Portsmouth", "Service the boiler", "Clean the gutters",
					"Test the smoke alarms", "Repaint the front door"),
			new SeedResidence("Linden Court", "4 Linden Avenue, Leeds", "Replace the hallway light bulbs",
					"Inspect the roof", "Bleed the radiators"),
			new SeedResidence("Maple House", "27 Maple Road, Bristol", "Trim the hedges",
					"Check the fire extinguishers", "Descale the water heater", "Fix the garden gate",
					"Clear the drains"));

	private final ResidenceRepository residences;

	private final MaintenanceTaskRepository tasks;

	private final TransactionTemplate transaction;

	private final ResidenceIdsCache residenceIds;

	private final ObservationRegistry observations;

	SampleDataSeeder(ResidenceRepository residences, MaintenanceTaskRepository tasks,
			PlatformTransactionManager transactionManager, ResidenceIdsCache residenceIds,
			ObjectProvider<ObservationRegistry> observations) {
		this.residences = residences;
		this.tasks = tasks;
		this.transaction = new TransactionTemplate(transactionManager);
		this.residenceIds = residenceIds;
		this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
	}

	@Override
	public void afterSingletonsInstantiated() {
		seedIfEmpty();
	}

	/**
	 * Add the sample data in one transaction and one observation, unless a residence
	 * already exists. Once added, the cached residence ids are evicted: an external Redis
	 * may still hold those of an earlier run on another database.
	 */
	void seedIfEmpty() {
		Observation.createNotStarted(OBSERVATION, this.observations).contextualName("seed sample data").observe(() -> {
			if (Boolean.TRUE.equals(this.transaction.execute((status) -> seed()))) {
				this.residenceIds.evict();
			}
		});
	}

	private boolean seed() {
		if (this.residences.count() > 0) {
			logger.info("Residences already present; sample data not added");
			return false;
		}
		LocalDate today = LocalDate.now();
		for (SeedResidence seed : RESIDENCES) {
			Residence residence = this.residences.save(new Residence(seed.name(), seed.address()));
			for (int i = 0; i < seed.taskTitles().size(); i++) {
				MaintenanceTask task = new MaintenanceTask(residence, seed.taskTitles().get(i),
						today.plusWeeks(2L * i - 1));
				if (i == 0) {
					task.complete();
				}
				this.tasks.save(task);
			}
		}
		logger.info("Added " + RESIDENCES.size() + " sample residences");
		return true;
	}

	/**
	 * One residence of the sample data.
	 *
	 * @param name the residence's name
	 * @param address its address
	 * @param taskTitles its tasks, the first one already done
	 */
	record SeedResidence(String name, String address, List<String> taskTitles) {

		SeedResidence(String name, String address, String... taskTitles) {
			this(name, address, List.of(taskTitles));
		}

	}

}
