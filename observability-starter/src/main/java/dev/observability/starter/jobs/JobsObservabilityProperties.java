package dev.observability.starter.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.observability.starter.core.PropertyChecks;

/**
 * Settings of the background job observations.
 */
@ConfigurationProperties(JobsObservabilityProperties.PREFIX)
public class JobsObservabilityProperties implements Validator {

	/**
	 * Prefix of these properties.
	 */
	public static final String PREFIX = "observability.jobs";

	static final int MAX_NAMES_LIMIT = 10_000;

	/**
	 * Whether job runs may be recorded on the lean path (spans straight on the
	 * OpenTelemetry tracer, cached meters) when nothing customises their observation.
	 * When false, every run goes through the Observation API.
	 */
	private boolean leanPath = true;

	/**
	 * Whether the application's executor beans (ThreadPoolTaskExecutor,
	 * SimpleAsyncTaskExecutor, Executor and ExecutorService beans, Boot's
	 * applicationTaskExecutor) and task schedulers are instrumented: trace context
	 * carried to their tasks and a span per task.
	 */
	private boolean executors = true;

	/**
	 * Names of executor or scheduler beans left alone.
	 */
	private List<String> excludeExecutors = new ArrayList<>();

	/**
	 * How many distinct job names the job meters keep; later names are reported as
	 * _OTHER.
	 */
	private int maxNames = 100;

	/**
	 * Upper bounds of the buckets of the job.run.duration and job.queue.wait.duration
	 * histograms.
	 */
	private List<Duration> histogramBuckets = new ArrayList<>(List.of(Duration.ofMillis(1), Duration.ofMillis(5),
			Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
			Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
			Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5)));

	private final Scheduled scheduled = new Scheduled();

	public boolean isLeanPath() {
		return this.leanPath;
	}

	public void setLeanPath(boolean leanPath) {
		this.leanPath = leanPath;
	}

	public boolean isExecutors() {
		return this.executors;
	}

	public void setExecutors(boolean executors) {
		this.executors = executors;
	}

	public List<String> getExcludeExecutors() {
		return this.excludeExecutors;
	}

	public void setExcludeExecutors(List<String> excludeExecutors) {
		this.excludeExecutors = excludeExecutors;
	}

	public int getMaxNames() {
		return this.maxNames;
	}

	public void setMaxNames(int maxNames) {
		this.maxNames = maxNames;
	}

	public List<Duration> getHistogramBuckets() {
		return this.histogramBuckets;
	}

	public void setHistogramBuckets(List<Duration> histogramBuckets) {
		this.histogramBuckets = histogramBuckets;
	}

	public Scheduled getScheduled() {
		return this.scheduled;
	}

	@Override
	public boolean supports(Class<?> type) {
		return JobsObservabilityProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		JobsObservabilityProperties properties = (JobsObservabilityProperties) target;
		PropertyChecks.inRange(errors, "maxNames", properties.getMaxNames(), 1, MAX_NAMES_LIMIT);
		PropertyChecks.positiveDurations(errors, "histogramBuckets", properties.getHistogramBuckets());
		double multiple = properties.getScheduled().getStaleAfterPeriods();
		if (!(multiple >= 1 && multiple <= 1000)) {
			errors.rejectValue("scheduled.staleAfterPeriods", "range",
					"must be a number from 1 to 1000 (how many periods a scheduled job may go without success), e.g. 3");
		}
	}

	/**
	 * Settings of scheduled jobs.
	 */
	public static class Scheduled {

		/**
		 * Whether Spring's own tasks.scheduled.execution observation of @Scheduled
		 * methods is kept instead of the starter's job spans and meters. For teams with
		 * dashboards built on Spring's names.
		 */
		private boolean bootObservation;

		/**
		 * How many of its periods a scheduled job may go without a successful run before
		 * the jobs health contributor reports it stale.
		 */
		private double staleAfterPeriods = 3;

		public boolean isBootObservation() {
			return this.bootObservation;
		}

		public void setBootObservation(boolean bootObservation) {
			this.bootObservation = bootObservation;
		}

		public double getStaleAfterPeriods() {
			return this.staleAfterPeriods;
		}

		public void setStaleAfterPeriods(double staleAfterPeriods) {
			this.staleAfterPeriods = staleAfterPeriods;
		}

	}

}
