package dev.observability.starter.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ObservationMeterFiltersTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void describesTheTimerTheLongTaskTimerAndTheEventCountersMicrometerDerivesFromAnObservation() {
		this.meters.config()
			.meterFilter(ObservationMeterFilters.withDescriptions("code.function.duration",
					"calls of public methods of @Service beans"));
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.meters));
		Observation observation = Observation.start("code.function.duration", observations);
		observation.event(Observation.Event.of("cache.miss"));
		observation.stop();
		assertThat(this.meters.get("code.function.duration").timer().getId().getDescription())
			.isEqualTo("Duration of calls of public methods of @Service beans");
		assertThat(this.meters.get("code.function.duration.active").longTaskTimer().getId().getDescription())
			.isEqualTo("Calls of public methods of @Service beans in progress, and how long each has been running");
		assertThat(this.meters.get("code.function.duration.cache.miss").counter().getId().getDescription())
			.isEqualTo("Times the cache.miss event was signalled on calls of public methods of @Service beans");
	}

	@Test
	void keepsTheDescriptionAMeterAlreadyHas() {
		this.meters.config().meterFilter(ObservationMeterFilters.withDescriptions("job.run.duration", "job runs"));
		Counter counter = Counter.builder("job.run.duration.retried")
			.description("Retries of jobs")
			.register(this.meters);
		assertThat(counter.getId().getDescription()).isEqualTo("Retries of jobs");
	}

	@Test
	void leavesOtherMetersAlone() {
		this.meters.config().meterFilter(ObservationMeterFilters.withDescriptions("job.run.duration", "job runs"));
		assertThat(this.meters.timer("job.run.durations").getId().getDescription()).isNull();
		assertThat(this.meters.timer("job.queue.wait.duration").getId().getDescription()).isNull();
		assertThat(this.meters.summary("job.run.duration.size").getId().getDescription()).isNull();
	}

	@Test
	void keepsTheTagsAndBaseUnitOfTheMetersItDescribes() {
		this.meters.config()
			.meterFilter(ObservationMeterFilters.withDescriptions("db.client.operation.duration",
					ObservationMeterFilters.DATABASE_CLIENT_OPERATIONS));
		assertThat(this.meters.timer("db.client.operation.duration", "db.system.name", "h2").getId())
			.satisfies((id) -> {
				assertThat(id.getTag("db.system.name")).isEqualTo("h2");
				assertThat(id.getBaseUnit()).isEqualTo("seconds");
				assertThat(id.getDescription())
					.isEqualTo("Duration of database client operations (SQL statements, Redis commands)");
			});
	}

}
