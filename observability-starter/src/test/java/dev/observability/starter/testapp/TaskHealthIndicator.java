package dev.observability.starter.testapp;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health check that calls an observed service, like a database health check running a
 * query: while serving the (excluded) health endpoint it must make no span.
 */
@Component
class TaskHealthIndicator implements HealthIndicator {

	private final TaskService tasks;

	TaskHealthIndicator(TaskService tasks) {
		this.tasks = tasks;
	}

	@Override
	public Health health() {
		return Health.up().withDetail("tasks", this.tasks.listForResidence(1).size()).build();
	}

}
