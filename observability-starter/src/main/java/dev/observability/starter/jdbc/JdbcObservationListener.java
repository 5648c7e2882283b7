package dev.observability.starter.jdbc;

import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.GuardedObservation;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.LeanOperation;
import dev.observability.starter.core.LeanPathDecision;
import dev.observability.starter.core.OperationDescriptor;
import dev.observability.starter.core.SuppressedWork;
import dev.observability.starter.jdbc.JdbcObservationDocumentation.HighCardinalityKeyNames;

/**
 * The JDBC hook: records each statement (or batch) of one DataSource as one CLIENT span
 * and one timer sample. Statements are leaves, so no scope is opened for them. On the
 * lean path the span is started on the OpenTelemetry tracer with the statement's prebuilt
 * attributes and the timer comes from its descriptor; on the Observation path an
 * observation is started and stopped through {@link GuardedObservation}. Every step
 * catches its own failures, so the application's statement always runs and returns its
 * results.
 */
final class JdbcObservationListener implements QueryExecutionListener {

	static final String HOOK = "jdbc";

	private static final String RECORDING = JdbcObservationListener.class.getName() + ".recording";

	private static final AttributeKey<Long> BATCH_SIZE = AttributeKey
		.longKey(HighCardinalityKeyNames.DB_OPERATION_BATCH_SIZE.asString());

	/**
	 * Set while a statement is recorded on this thread: a DataSource bean that delegates
	 * to another DataSource bean (routing, transaction-aware) has both wrapped, and only
	 * the outer one records.
	 */
	private static final ThreadLocal<Boolean> recording = new ThreadLocal<>();

	private final String dataSourceName;

	private final Supplier<JdbcInstrumentation> instrumentation;

	private final HookFailures unresolvedFailures = HookFailures.logOnly();

	private volatile @Nullable String dbSystemName;

	private volatile SqlDialect dialect = SqlDialect.UNKNOWN;

	JdbcObservationListener(String dataSourceName, Supplier<JdbcInstrumentation> instrumentation) {
		this.dataSourceName = dataSourceName;
		this.instrumentation = instrumentation;
	}

	@Override
	public void beforeQuery(ExecutionInfo execution, List<QueryInfo> queries) {
		if (queries.isEmpty() || recording.get() != null || SuppressedWork.isActive()) {
			return;
		}
		JdbcInstrumentation instrumentation = null;
		try {
			instrumentation = this.instrumentation.get();
			if (instrumentation.path == LeanPathDecision.Path.OFF) {
				return;
			}
			String system = dbSystemName(execution, instrumentation);
			int batchSize = execution.isBatch() ? execution.getBatchSize() : 0;
			SqlAnalysis analysis = analyze(instrumentation.analyzer, queries, batchSize, this.dialect);
			OperationDescriptor descriptor = instrumentation.descriptors.of(analysis, system);
			Object started = (instrumentation.path == LeanPathDecision.Path.LEAN)
					? startLean(instrumentation, descriptor, batchSize)
					: startObservation(instrumentation, system, analysis, descriptor, batchSize);
			execution.addCustomValue(RECORDING, started);
			recording.set(Boolean.TRUE);
		}
		catch (Exception | LinkageError ex) {
			failures(instrumentation).record(HOOK, ex);
		}
	}

	@Override
	public void afterQuery(ExecutionInfo execution, List<QueryInfo> queries) {
		Object started = execution.getCustomValue(RECORDING, Object.class);
		if (started == null) {
			return;
		}
		recording.remove();
		execution.addCustomValue(RECORDING, null);
		JdbcInstrumentation instrumentation = this.instrumentation.get();
		try {
			Throwable failure = execution.getThrowable();
			String errorType = (failure != null) ? SqlErrorClassifier.classify(failure) : null;
			if (started instanceof LeanOperation lean) {
				lean.end(instrumentation.meters, failure, errorType, instrumentation.exceptionMessages);
			}
			else if (started instanceof GuardedObservation observation) {
				stop(observation, failure, errorType);
			}
		}
		catch (Exception | LinkageError ex) {
			instrumentation.failures.record(HOOK, ex);
		}
	}

	private static LeanOperation startLean(JdbcInstrumentation instrumentation, OperationDescriptor descriptor,
			int batchSize) {
		return LeanOperation.start(descriptor, instrumentation.tracer, instrumentation.meters,
				(batchSize > 1) ? Attributes.of(BATCH_SIZE, (long) batchSize) : Attributes.empty());
	}

	private GuardedObservation startObservation(JdbcInstrumentation instrumentation, String system,
			SqlAnalysis analysis, OperationDescriptor descriptor, int batchSize) {
		JdbcContext context = new JdbcContext(this.dataSourceName, system, analysis, descriptor, batchSize);
		Observation observation = JdbcObservationDocumentation.STATEMENT.observation(instrumentation.convention,
				DefaultJdbcObservationConvention.INSTANCE, () -> context, instrumentation.registry);
		return GuardedObservation.start(observation, instrumentation.failures, HOOK);
	}

	private static void stop(GuardedObservation observation, @Nullable Throwable failure, @Nullable String errorType) {
		if (failure != null && observation.getObservation().getContext() instanceof JdbcContext context) {
			context.setErrorType(errorType);
			observation.error(failure);
		}
		observation.stop();
	}

	private static SqlAnalysis analyze(SqlAnalyzer analyzer, List<QueryInfo> queries, int batchSize,
			SqlDialect dialect) {
		if (queries.size() == 1) {
			SqlAnalysis analysis = analyzer.analyze(queries.get(0).getQuery(), dialect);
			return (batchSize > 1) ? analysis.asBatch() : analysis;
		}
		List<String> texts = new ArrayList<>(queries.size());
		for (QueryInfo query : queries) {
			texts.add(query.getQuery());
		}
		return analyzer.analyzeBatch(texts, dialect);
	}

	private String dbSystemName(ExecutionInfo execution, JdbcInstrumentation instrumentation) {
		String name = this.dbSystemName;
		if (name == null) {
			name = DbSystemNames.OTHER_SQL;
			try {
				DatabaseMetaData metaData = execution.getStatement().getConnection().getMetaData();
				name = DbSystemNames.of(metaData.getURL(), metaData.getDatabaseProductName());
			}
			catch (Exception ex) {
				instrumentation.failures.record(HOOK, ex);
			}
			this.dialect = DbSystemNames.dialect(name);
			this.dbSystemName = name;
		}
		return name;
	}

	private HookFailures failures(@Nullable JdbcInstrumentation instrumentation) {
		return (instrumentation != null) ? instrumentation.failures : this.unresolvedFailures;
	}

}
