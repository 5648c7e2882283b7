package dev.observability.starter.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.IntervalTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.scheduling.config.Task;
import org.springframework.scheduling.support.CronExpression;

/**
 * The {@code jobs} health contributor: per scheduled job with a period (fixed rate, fixed
 * delay or cron), when it last succeeded, its period, and status {@code STALE} when it
 * has not succeeded for more than
 * {@code observability.jobs.scheduled.stale-after-periods} periods (counted from startup
 * until its first success). Boot's default status order does not know {@code STALE}, so
 * the application's overall status stays as the other contributors say; it belongs in no
 * health group by default (not liveness, not readiness): a stuck job is a reason to look,
 * not to restart or to stop routing traffic.
 */
final class ScheduledJobsHealthIndicator extends AbstractHealthIndicator {

	/**
	 * Status of a scheduled job that has not succeeded for too long.
	 */
	static final Status STALE = new Status("STALE", "a scheduled job has not succeeded for too long");

	private final ObjectProvider<ScheduledTaskHolder> holders;

	private final Supplier<@Nullable JobInstrumentation> instrumentation;

	private final double staleAfterPeriods;

	private final LongSupplier clock;

	private final long startedMillis;

	ScheduledJobsHealthIndicator(ObjectProvider<ScheduledTaskHolder> holders,
			Supplier<@Nullable JobInstrumentation> instrumentation, double staleAfterPeriods, LongSupplier clock) {
		super("Scheduled jobs health check failed");
		this.holders = holders;
		this.instrumentation = instrumentation;
		this.staleAfterPeriods = staleAfterPeriods;
		this.clock = clock;
		this.startedMillis = clock.getAsLong();
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		JobInstrumentation instrumentation = this.instrumentation.get();
		long now = this.clock.getAsLong();
		boolean stale = false;
		Map<String, Object> jobs = new LinkedHashMap<>();
		for (ScheduledTaskHolder holder : this.holders) {
			for (ScheduledTask scheduled : holder.getScheduledTasks()) {
				Task task = scheduled.getTask();
				String name = JobHook.scheduledName(task.getRunnable());
				Duration period = period(task, now);
				if (name == null || period == null || jobs.containsKey(name)) {
					continue;
				}
				long lastSuccess = (instrumentation != null) ? lastSuccess(instrumentation, name) : 0;
				long since = Math.max(lastSuccess, this.startedMillis);
				boolean jobStale = now - since > (long) (period.toMillis() * this.staleAfterPeriods);
				stale |= jobStale;
				Map<String, Object> details = new LinkedHashMap<>();
				details.put("status", jobStale ? STALE.getCode() : Status.UP.getCode());
				details.put("lastSuccess", (lastSuccess > 0) ? Instant.ofEpochMilli(lastSuccess).toString() : null);
				details.put("period", period.toString());
				jobs.put(name, details);
			}
		}
		builder.status(stale ? STALE : Status.UP).withDetail("scheduled", jobs);
	}

	private static long lastSuccess(JobInstrumentation instrumentation, String name) {
		for (JobType type : instrumentation.types(JobKind.SCHEDULED)) {
			if (type.name().equals(name)) {
				return type.lastSuccessMillis();
			}
		}
		return 0;
	}

	/**
	 * The period of a task: its interval, or for a cron task the time between its next
	 * two runs.
	 */
	private static @Nullable Duration period(Task task, long now) {
		if (task instanceof IntervalTask interval) {
			Duration period = interval.getIntervalDuration();
			return (period.isZero() || period.isNegative()) ? null : period;
		}
		if (task instanceof CronTask cron) {
			try {
				CronExpression expression = CronExpression.parse(cron.getExpression());
				LocalDateTime from = LocalDateTime.ofInstant(Instant.ofEpochMilli(now), ZoneId.systemDefault());
				LocalDateTime next = expression.next(from);
				LocalDateTime after = (next != null) ? expression.next(next) : null;
				return (next != null && after != null) ? Duration.between(next, after) : null;
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}
		return null;
	}

}
