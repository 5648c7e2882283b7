package dev.observability.starter.jobs;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

import dev.observability.starter.core.ObservationMeterFilters;

/**
 * The job observation, its keys and the meters recorded beside it.
 */
public enum JobObservationDocumentation implements ObservationDocumentation {

	/**
	 * One run of a job, from the moment a thread starts it until it returns or throws.
	 * Its timer is {@code job.run.duration}.
	 */
	JOB_RUN {

		@Override
		public String getName() {
			return "job.run.duration";
		}

		@Override
		public String getMeasuredOperations() {
			return "job runs (@Async methods, executor tasks, scheduled runs, workers)";
		}

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultJobObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	};

	/**
	 * What one observation measures, in the plural: the subject of the descriptions of
	 * the meters Micrometer derives from it (see
	 * {@link ObservationMeterFilters#withDescriptions(String, String)}).
	 * @return a noun phrase, e.g. {@code calls of public methods of @Service beans}
	 */
	public abstract String getMeasuredOperations();

	/**
	 * Name of the timer of the time a job waited between its submission and its start.
	 */
	public static final String QUEUE_WAIT = "job.queue.wait.duration";

	/**
	 * Name of the counter of job outcomes ({@code success}, {@code failure},
	 * {@code rejected}) per attempt.
	 */
	public static final String OUTCOMES = "job.outcomes";

	/**
	 * Name of the gauge of the time of a job's last successful run, in seconds since the
	 * epoch.
	 */
	public static final String LAST_SUCCESS = "job.last.success";

	/**
	 * Outcome of a run that returned: the value of {@code job.outcome} and of the
	 * {@code outcome} tag.
	 */
	public static final String OUTCOME_SUCCESS = "success";

	/**
	 * Outcome of a run that failed.
	 */
	public static final String OUTCOME_FAILURE = "failure";

	/**
	 * Outcome of a job its executor rejected (the {@code outcome} tag only: it never
	 * ran).
	 */
	public static final String OUTCOME_REJECTED = "rejected";

	/**
	 * Name of the counter of tasks an executor rejected.
	 */
	public static final String EXECUTOR_REJECTED = "executor.rejected";

	/**
	 * Keys of job spans that are also tags of the job meters.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * The job's name: the name a user gave, the {@code @Async} or {@code @Scheduled}
		 * method as {@code Class.method}, or else the executor bean's name.
		 */
		JOB_NAME {
			@Override
			public String asString() {
				return "job.name";
			}
		},

		/**
		 * How the job was started: {@code async}, {@code executor}, {@code scheduled} or
		 * {@code worker}.
		 */
		JOB_KIND {
			@Override
			public String asString() {
				return "job.kind";
			}
		},

		/**
		 * Fully qualified class name of what the run threw, or {@code none}.
		 */
		ERROR_TYPE {
			@Override
			public String asString() {
				return "error.type";
			}
		}

	}

	/**
	 * Keys of job spans only.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * {@code success} or {@code failure}.
		 */
		JOB_OUTCOME {
			@Override
			public String asString() {
				return "job.outcome";
			}
		},

		/**
		 * Which attempt the run is, from 1; a retry of the job is attempt 2 and so on.
		 */
		JOB_ATTEMPT {
			@Override
			public String asString() {
				return "job.attempt";
			}
		},

		/**
		 * Milliseconds the job waited between its submission and its start (a number).
		 */
		JOB_QUEUE_WAIT {
			@Override
			public String asString() {
				return "job.queue.wait.ms";
			}
		},

		/**
		 * Size in bytes of the message a worker job processes, when its worker tells.
		 */
		JOB_PAYLOAD_SIZE {
			@Override
			public String asString() {
				return "job.payload.size";
			}
		}

	}

	/**
	 * Tags of the job and executor meters recorded beside the observation.
	 */
	public enum MeterKeyNames implements KeyName {

		/**
		 * Outcome of a job in {@code job.outcomes}: {@code success}, {@code failure} or
		 * {@code rejected}.
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		},

		/**
		 * Attempt of a job in {@code job.outcomes}: {@code 1} to {@code 4}, or
		 * {@code 5+}.
		 */
		JOB_ATTEMPT {
			@Override
			public String asString() {
				return "job.attempt";
			}
		},

		/**
		 * Bean name of the executor in {@code executor.rejected}, as in Boot's
		 * {@code executor.*} meters.
		 */
		EXECUTOR_NAME {
			@Override
			public String asString() {
				return "name";
			}
		}

	}

}
