package dev.observability.sample.residence;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/**
 * Sends the reminder that a task was completed, in the background: the request that
 * completed the task answers without waiting for it. "Sending" is one log line here; a
 * real application would send a mail or a push message.
 * <p>
 * {@link Async @Async} runs it on Boot's {@code applicationTaskExecutor}, where the
 * starter makes each call a job span ({@code job ReminderSender.sendCompletionReminder})
 * in the trace of the request that submitted it, with the time it waited in the
 * executor's queue. A component rather than a {@code @Service}, so the job span has no
 * service span of the same name under it.
 */
@Component
public class ReminderSender {

	private static final Log logger = LogFactory.getLog(ReminderSender.class);

	private final MaintenanceTaskRepository tasks;

	ReminderSender(MaintenanceTaskRepository tasks) {
		this.tasks = tasks;
	}

	/**
	 * Send the reminder that a task was completed, reading what it says with one query.
	 * Call it once the completion is committed, so that the query sees it.
	 * @param taskId the completed task's id
	 */
	@Async
	public void sendCompletionReminder(Long taskId) {
		this.tasks.findCompletionReminder(taskId)
			.ifPresentOrElse(
					(reminder) -> logger.info("Completion reminder sent for task " + reminder.taskId() + " \""
							+ reminder.title() + "\" at " + reminder.residenceName()),
					() -> logger.warn("No completion reminder sent for task " + taskId + ": it no longer exists"));
	}

}
