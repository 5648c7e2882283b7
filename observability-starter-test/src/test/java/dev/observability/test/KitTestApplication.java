package dev.observability.test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.server.observation.OpenTelemetryServerRequestObservationConvention;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Small application for the kit's own tests. It stands in for the starter's HTTP, service
 * and JDBC instrumentation (built elsewhere) by opening observations with the names of
 * the shared naming contract: server spans named after method and route, a service span
 * {@code TaskService.listForResidence} and one {@code SELECT task} span per statement
 * carrying {@code db.query.text}.
 */
@SpringBootApplication
public class KitTestApplication {

	static final String QUERY = "select title from task where residence_id = ?";

	@Bean
	OpenTelemetryServerRequestObservationConvention serverRequestObservationConvention() {
		return new OpenTelemetryServerRequestObservationConvention();
	}

	@RestController
	static class TaskController {

		private final ObservationRegistry registry;

		private final JdbcTemplate jdbc;

		TaskController(ObservationRegistry registry, JdbcTemplate jdbc) {
			this.registry = registry;
			this.jdbc = jdbc;
		}

		@GetMapping("/api/residences/{id}/tasks")
		List<String> tasks(@PathVariable int id, @RequestParam(defaultValue = "1") int repeat) {
			return Observation.createNotStarted("app.service", this.registry)
				.contextualName("TaskService.listForResidence")
				.observe(() -> {
					List<String> titles = new ArrayList<>();
					for (int i = 0; i < repeat; i++) {
						titles = query(id);
					}
					return titles;
				});
		}

		@GetMapping("/api/residences/{id}/tasks/async")
		List<String> tasksOnAnotherThread(@PathVariable int id) {
			return CompletableFuture.supplyAsync(() -> query(id)).join();
		}

		private List<String> query(int residenceId) {
			return Observation.createNotStarted("db.client.operation.duration", this.registry)
				.contextualName("SELECT task")
				.lowCardinalityKeyValue("db.system.name", "h2")
				.lowCardinalityKeyValue("db.operation.name", "SELECT")
				.lowCardinalityKeyValue("db.collection.name", "task")
				.highCardinalityKeyValue("db.query.text", QUERY)
				.observe(() -> this.jdbc.queryForList(QUERY, String.class, residenceId));
		}

	}

}
