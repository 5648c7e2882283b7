package dev.observability.sample.residence;

import java.time.LocalDate;

/**
 * A maintenance task as the API returns it.
 *
 * @param id the task's id
 * @param title what has to be done
 * @param status whether it is open or done
 * @param dueDate when it is due
 */
public record TaskResponse(Long id, String title, TaskStatus status, LocalDate dueDate) {

	static TaskResponse of(MaintenanceTask task) {
		return new TaskResponse(task.getId(), task.getTitle(), task.getStatus(), task.getDueDate());
	}

}
