package dev.observability.sample.residence;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Lists, creates and completes the maintenance tasks of a residence; completing one hands
 * its reminder to {@link ReminderSender}, in the background.
 */
@Service
public class TaskService {

	private final ResidenceRepository residences;

	private final MaintenanceTaskRepository tasks;

	private final ReminderSender reminders;

	TaskService(ResidenceRepository residences, MaintenanceTaskRepository tasks, ReminderSender reminders) {
		this.residences = residences;
		this.tasks = tasks;
		this.reminders = reminders;
	}

	/**
	 * Tasks of a residence: one query checks the residence exists, one loads its tasks.
	 * @param residenceId the residence's id
	 * @return the tasks, soonest due first
	 * @throws NotFoundException if there is no residence with that id
	 */
	@Transactional(readOnly = true)
	public List<MaintenanceTask> listForResidence(Long residenceId) {
		if (!this.residences.existsById(residenceId)) {
			throw NotFoundException.residence(residenceId);
		}
		return this.tasks.findByResidenceIdOrderByDueDateAscIdAsc(residenceId);
	}

	/**
	 * A reminder line per open task of a residence, written the way a hurried loop writes
	 * it: the residence's address is looked up again for every task, with the same id
	 * each time (the repeated query the starter reports; reading the address once before
	 * the loop fixes it).
	 * @param residenceId the residence's id
	 * @return one line per open task, soonest due first
	 * @throws NotFoundException if there is no residence with that id
	 */
	@Transactional(readOnly = true)
	public List<String> remindersForResidence(Long residenceId) {
		List<String> reminders = new ArrayList<>();
		for (MaintenanceTask task : listForResidence(residenceId)) {
			if (task.getStatus() == TaskStatus.OPEN) {
				String address = this.residences.findAddressById(residenceId);
				reminders.add(task.getTitle() + " at " + address + " by " + task.getDueDate());
			}
		}
		return reminders;
	}

	/**
	 * One task of a residence.
	 * @param residenceId the residence's id
	 * @param taskId the task's id
	 * @return the task
	 * @throws NotFoundException if the residence has no task with that id
	 */
	@Transactional(readOnly = true)
	public MaintenanceTask get(Long residenceId, Long taskId) {
		return this.tasks.findByIdAndResidenceId(taskId, residenceId)
			.orElseThrow(() -> NotFoundException.task(residenceId, taskId));
	}

	/**
	 * Add an open task to a residence.
	 * @param residenceId the residence's id
	 * @param title what has to be done
	 * @param dueDate when it is due
	 * @return the stored task, with its id
	 * @throws NotFoundException if there is no residence with that id
	 */
	@Transactional
	public MaintenanceTask create(Long residenceId, String title, LocalDate dueDate) {
		Residence residence = this.residences.findById(residenceId)
			.orElseThrow(() -> NotFoundException.residence(residenceId));
		return this.tasks.save(new MaintenanceTask(residence, title, dueDate));
	}

	/**
	 * Mark a task of a residence as done and, once that is committed, have its reminder
	 * sent in the background (the caller does not wait for it). Completing a done task
	 * changes nothing and sends no reminder.
	 * @param residenceId the residence's id
	 * @param taskId the task's id
	 * @return the completed task
	 * @throws NotFoundException if the residence has no task with that id
	 */
	@Transactional
	public MaintenanceTask complete(Long residenceId, Long taskId) {
		MaintenanceTask task = get(residenceId, taskId);
		if (task.getStatus() == TaskStatus.OPEN) {
			task.complete();
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					TaskService.this.reminders.sendCompletionReminder(taskId);
				}

			});
		}
		return task;
	}

}
