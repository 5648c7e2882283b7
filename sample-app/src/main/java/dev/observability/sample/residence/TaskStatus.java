package dev.observability.sample.residence;

/**
 * Where a {@link MaintenanceTask} stands.
 */
public enum TaskStatus {

	/**
	 * Still to be done.
	 */
	OPEN,

	/**
	 * Completed.
	 */
	DONE

}
