package dev.observability.starter.jobs;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Tracer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.CardinalityGuard;
import dev.observability.starter.core.GuardedConvention;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.LeanObservation;
import dev.observability.starter.core.LeanPathDecision;
import dev.observability.starter.core.OperationMeters;
import dev.observability.starter.jobs.JobObservationDocumentation.LowCardinalityKeyNames;

/**
 * Everything the job hooks of one application context need, resolved when the first job
 * runs (after every bean exists): the registry, the path job runs take, the tracer and
 * meters of the lean path, the convention of the Observation path, and the job types seen
 * so far.
 */
final class JobInstrumentation {

	private static final Log logger = LogFactory.getLog(JobInstrumentation.class);

	static final JobObservationConvention DEFAULT_CONVENTION = new DefaultJobObservationConvention();

	final ObservationRegistry registry;

	final HookFailures failures;

	final @Nullable ObservationConvention<JobContext> convention;

	final LeanPathDecision decision;

	final LeanPathDecision.Path path;

	final @Nullable Tracer tracer;

	final @Nullable OperationMeters meters;

	final @Nullable MeterRegistry meterRegistry;

	final boolean exceptionMessages;

	private final CardinalityGuard names;

	private final Map<JobKind, ConcurrentMap<String, JobType>> types = new EnumMap<>(JobKind.class);

	JobInstrumentation(ObservationRegistry registry, HookFailures failures,
			@Nullable JobObservationConvention convention, @Nullable Tracer tracer,
			@Nullable MeterRegistry meterRegistry, JobsObservabilityProperties properties, boolean exceptionMessages) {
		this.registry = registry;
		this.failures = failures;
		this.convention = GuardedConvention.of(convention, DEFAULT_CONVENTION, failures, JobHook.HOOK);
		this.decision = decide(registry, convention, tracer, properties);
		this.path = this.decision.getPath();
		this.tracer = tracer;
		this.meterRegistry = meterRegistry;
		this.meters = (meterRegistry != null) ? new OperationMeters(meterRegistry, false) : null;
		this.exceptionMessages = exceptionMessages;
		this.names = new CardinalityGuard(JobObservationDocumentation.JOB_RUN.getName(),
				LowCardinalityKeyNames.JOB_NAME.asString(), properties.getMaxNames(), meterRegistry);
		for (JobKind kind : JobKind.values()) {
			this.types.put(kind, new ConcurrentHashMap<>());
		}
		logger.debug("Job runs " + this.decision);
	}

	private static LeanPathDecision decide(ObservationRegistry registry, @Nullable JobObservationConvention convention,
			@Nullable Tracer tracer, JobsObservabilityProperties properties) {
		LeanPathDecision unmet = LeanPathDecision.prerequisites(properties.isLeanPath(),
				JobsObservabilityProperties.PREFIX + ".lean-path", convention, tracer);
		if (unmet != null) {
			return unmet;
		}
		if (!LeanObservation.isAvailable(registry)) {
			return LeanPathDecision.observation("its span cannot be made current in " + registry.getClass().getName()
					+ " without Micrometer's scope");
		}
		return LeanPathDecision.decide(registry, JobObservationDocumentation.JOB_RUN.getName(),
				() -> new JobContext("probe", JobKind.EXECUTOR, 1, -1, -1));
	}

	/**
	 * The type of a job, created on its first run. Names beyond the configured number of
	 * distinct names share the type {@value CardinalityGuard#OVERFLOW}.
	 * @param kind how the job was started
	 * @param name the job's name
	 * @return the type
	 */
	JobType type(JobKind kind, String name) {
		ConcurrentMap<String, JobType> ofKind = this.types.get(kind);
		JobType type = ofKind.get(name);
		if (type == null) {
			String admitted = this.names.admit(name);
			type = ofKind.computeIfAbsent(admitted, (key) -> new JobType(kind, key, this.meterRegistry));
		}
		return type;
	}

	/**
	 * The job types of one kind that have run.
	 * @param kind the kind
	 * @return the types
	 */
	List<JobType> types(JobKind kind) {
		return new ArrayList<>(this.types.get(kind).values());
	}

}
