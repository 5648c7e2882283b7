package dev.observability.sample.residence;

/**
 * What the reminder that a task was completed says, read in one query.
 *
 * @param taskId the task's id
 * @param title what was done
 * @param residenceName where it was done
 */
public record CompletionReminder(Long taskId, String title, String residenceName) {

}
