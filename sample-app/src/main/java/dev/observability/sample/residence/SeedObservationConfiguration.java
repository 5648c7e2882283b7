package dev.observability.sample.residence;

import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.observability.starter.core.ObservationMeterFilters;

/**
 * Describes the meters Micrometer derives from the seeding's observation
 * ({@link SampleDataSeeder#OBSERVATION}), as the starter does for its own observations:
 * Micrometer builds them from the observation's name and key values alone, so without
 * this {@code /actuator/prometheus} would print an empty {@code HELP} line for them.
 */
@Configuration(proxyBeanMethods = false)
class SeedObservationConfiguration {

	@Bean
	MeterFilter sampleDataSeedMeterDescriptions() {
		return ObservationMeterFilters.withDescriptions(SampleDataSeeder.OBSERVATION,
				"seedings of the sample data at startup");
	}

}
