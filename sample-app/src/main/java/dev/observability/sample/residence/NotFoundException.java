package dev.observability.sample.residence;

/**
 * Thrown when a residence or task the caller asked for does not exist; the API answers
 * with a 404 problem detail.
 */
public class NotFoundException extends RuntimeException {

	private final String resource;

	private NotFoundException(String resource, String message) {
		super(message);
		this.resource = resource;
	}

	static NotFoundException residence(Long id) {
		return new NotFoundException("Residence", "No residence with id " + id);
	}

	static NotFoundException task(Long residenceId, Long taskId) {
		return new NotFoundException("Task", "No task with id " + taskId + " at residence " + residenceId);
	}

	/**
	 * Kind of resource that was missing.
	 * @return {@code Residence} or {@code Task}
	 */
	public String getResource() {
		return this.resource;
	}

}
