package dev.observability.sample.residence;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * Stores {@link MaintenanceTask maintenance tasks}.
 */
public interface MaintenanceTaskRepository extends JpaRepository<MaintenanceTask, Long> {

	/**
	 * Tasks of one residence, soonest due first, in a single query that does not load the
	 * residence.
	 * @param residenceId the residence's id
	 * @return the tasks, empty when the residence has none or does not exist
	 */
	List<MaintenanceTask> findByResidenceIdOrderByDueDateAscIdAsc(Long residenceId);

	/**
	 * One task, provided it belongs to the given residence.
	 * @param id the task's id
	 * @param residenceId the residence's id
	 * @return the task, or empty when there is no such task at that residence
	 */
	Optional<MaintenanceTask> findByIdAndResidenceId(Long id, Long residenceId);

	/**
	 * What the reminder that a task was completed says, in one query that joins the task
	 * to its residence.
	 * @param id the task's id
	 * @return the reminder, or empty when there is no such task
	 */
	@Query("select new dev.observability.sample.residence.CompletionReminder(t.id, t.title, r.name)"
			+ " from MaintenanceTask t join t.residence r where t.id = :id")
	Optional<CompletionReminder> findCompletionReminder(Long id);

	/**
	 * How many tasks with a status were due before a date, counted by the database.
	 * @param status the status, {@link TaskStatus#OPEN} for tasks still to be done
	 * @param date the first date that is not counted, today for overdue tasks
	 * @return the number of such tasks
	 */
	long countByStatusAndDueDateBefore(TaskStatus status, LocalDate date);

}
