package dev.observability.sample.residence;

import java.time.LocalDate;

/**
 * Body of a request that adds a task to a residence.
 *
 * @param title what has to be done, not blank
 * @param dueDate when it is due, required
 */
public record NewTaskRequest(String title, LocalDate dueDate) {

	/**
	 * What is wrong with this request.
	 * @return a message for the caller, or {@code null} when the request is valid
	 */
	String problem() {
		if (this.title == null || this.title.isBlank()) {
			return "title must not be blank";
		}
		if (this.dueDate == null) {
			return "dueDate is required (an ISO date such as 2026-12-31)";
		}
		return null;
	}

}
