package dev.observability.sample.residence;

import java.time.LocalDate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Counts the open tasks whose due date has passed, every
 * {@code sample.overdue-scan.interval} (a minute by default; the first scan runs one
 * interval after start). Each scan is one query, and a log line only when a task is
 * overdue.
 * <p>
 * The starter makes each run a job span ({@code job OverdueTaskScanner.scan}) that starts
 * a trace of its own, and its {@code jobs} health contributor reports the scan stale when
 * it has not succeeded for several intervals.
 */
@Component
public class OverdueTaskScanner {

	private static final Log logger = LogFactory.getLog(OverdueTaskScanner.class);

	private final MaintenanceTaskRepository tasks;

	OverdueTaskScanner(MaintenanceTaskRepository tasks) {
		this.tasks = tasks;
	}

	/**
	 * Count the open tasks due before today.
	 */
	@Scheduled(fixedDelayString = "${sample.overdue-scan.interval:PT1M}",
			initialDelayString = "${sample.overdue-scan.interval:PT1M}")
	public void scan() {
		long overdue = this.tasks.countByStatusAndDueDateBefore(TaskStatus.OPEN, LocalDate.now());
		if (overdue > 0) {
			logger.info(overdue + ((overdue != 1) ? " open tasks are" : " open task is") + " overdue");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("No open task is overdue");
		}
	}

}
