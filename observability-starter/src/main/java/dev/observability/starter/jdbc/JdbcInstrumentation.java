package dev.observability.starter.jdbc;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Tracer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.QueryFindingListener;
import dev.observability.starter.core.CardinalityGuard;
import dev.observability.starter.core.GuardedConvention;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.LeanPathDecision;
import dev.observability.starter.core.OperationMeters;
import dev.observability.starter.jdbc.JdbcObservationDocumentation.LowCardinalityKeyNames;

/**
 * Everything the JDBC hook of one application context needs, resolved on the first
 * statement (after every bean exists): the registry, the path statements take, the tracer
 * and meters of the lean path, and the convention of the Observation path.
 */
final class JdbcInstrumentation {

	private static final Log logger = LogFactory.getLog(JdbcInstrumentation.class);

	final ObservationRegistry registry;

	final HookFailures failures;

	final SqlAnalyzer analyzer;

	final @Nullable ObservationConvention<JdbcContext> convention;

	final StatementDescriptors descriptors;

	final LeanPathDecision decision;

	final LeanPathDecision.Path path;

	final @Nullable Tracer tracer;

	final @Nullable OperationMeters meters;

	final boolean exceptionMessages;

	final boolean rootSpans;

	final boolean sqlComment;

	final @Nullable QueryFindings findings;

	final @Nullable SlowQueries slowQueries;

	JdbcInstrumentation(ObservationRegistry registry, HookFailures failures, SqlAnalyzer analyzer,
			@Nullable JdbcObservationConvention convention, @Nullable Tracer tracer,
			@Nullable MeterRegistry meterRegistry, JdbcObservabilityProperties properties, boolean exceptionMessages,
			List<QueryFindingListener> findingListeners) {
		this.registry = registry;
		this.failures = failures;
		this.analyzer = analyzer;
		this.convention = GuardedConvention.of(convention, DefaultJdbcObservationConvention.INSTANCE, failures,
				StatementRecorder.HOOK);
		CardinalityGuard collections = new CardinalityGuard(JdbcObservationDocumentation.STATEMENT.getName(),
				LowCardinalityKeyNames.DB_COLLECTION_NAME.asString(), properties.getMaxCollectionNames(),
				meterRegistry);
		this.descriptors = new StatementDescriptors(collections);
		LeanPathDecision decision = decide(registry, convention, tracer, properties);
		this.decision = decision;
		this.path = decision.getPath();
		this.tracer = tracer;
		this.meters = (meterRegistry != null) ? new OperationMeters(meterRegistry, properties.isLongTaskTimer()) : null;
		this.exceptionMessages = exceptionMessages;
		this.rootSpans = properties.isRootSpans();
		this.sqlComment = properties.isSqlComment();
		this.findings = properties.getFindings().isEnabled()
				? new QueryFindings(properties.getFindings(), meterRegistry, collections, findingListeners, failures)
				: null;
		this.slowQueries = properties.getSlowQuery().isEnabled()
				? new SlowQueries(properties.getSlowQuery(), meterRegistry) : null;
		logger.debug("SQL statements " + decision);
	}

	private LeanPathDecision decide(ObservationRegistry registry, @Nullable JdbcObservationConvention convention,
			@Nullable Tracer tracer, JdbcObservabilityProperties properties) {
		LeanPathDecision unmet = LeanPathDecision.prerequisites(properties.isLeanPath(),
				JdbcObservabilityProperties.PREFIX + ".lean-path", convention, tracer);
		if (unmet != null) {
			return unmet;
		}
		SqlAnalysis probe = new SqlAnalysis("SELECT", null, "SELECT 1");
		return LeanPathDecision.decide(registry, JdbcObservationDocumentation.STATEMENT.getName(),
				() -> new JdbcContext("probe", DbSystemNames.OTHER_SQL, probe,
						this.descriptors.of(probe, DatabaseTarget.UNKNOWN), 0));
	}

}
