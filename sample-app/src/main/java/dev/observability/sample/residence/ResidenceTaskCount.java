package dev.observability.sample.residence;

/**
 * How many tasks of a residence are still open, as the API returns it.
 *
 * @param id the residence's id
 * @param name its name
 * @param openTasks how many of its tasks are not done
 */
public record ResidenceTaskCount(Long id, String name, long openTasks) {

}
