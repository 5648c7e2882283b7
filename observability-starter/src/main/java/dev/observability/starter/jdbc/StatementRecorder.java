package dev.observability.starter.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
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
 * and one timer sample. {@link ObservedStatement} calls {@link #start} before the driver
 * runs the statement and {@link #end} after it, on the same thread. Statements are
 * leaves, so no scope is opened for them. On the lean path the span is started on the
 * OpenTelemetry tracer with the statement's prebuilt attributes and the timer comes from
 * its descriptor; on the Observation path an observation is started and stopped through
 * {@link GuardedObservation}. Both methods catch their own failures, so the application's
 * statement always runs and returns its results.
 */
final class StatementRecorder {

	static final String HOOK = "jdbc";

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

	StatementRecorder(String dataSourceName, Supplier<JdbcInstrumentation> instrumentation) {
		this.dataSourceName = dataSourceName;
		this.instrumentation = instrumentation;
	}

	/**
	 * Start recording a statement about to run.
	 * @param statement the driver's statement, used once per DataSource to find the
	 * database product
	 * @param sql the statement's SQL, or {@code null} for a batch of plain statements
	 * @param batchTexts the SQL of each statement of a batch of plain statements, or
	 * {@code null}
	 * @param batchSize number of statements in the batch, or {@code 0} when the statement
	 * is not a batch
	 * @return what {@link #end} needs, or {@code null} when the statement is not recorded
	 */
	@Nullable Object start(Statement statement, @Nullable String sql, @Nullable List<String> batchTexts, int batchSize) {
		if (recording.get() != null || SuppressedWork.isActive()) {
			return null;
		}
		JdbcInstrumentation instrumentation = null;
		try {
			instrumentation = this.instrumentation.get();
			if (instrumentation.path == LeanPathDecision.Path.OFF) {
				return null;
			}
			String system = dbSystemName(statement, instrumentation);
			SqlAnalysis analysis = analyze(instrumentation.analyzer, sql, batchTexts, batchSize, this.dialect);
			OperationDescriptor descriptor = instrumentation.descriptors.of(analysis, system);
			Object started = (instrumentation.path == LeanPathDecision.Path.LEAN)
					? startLean(instrumentation, descriptor, batchSize)
					: startObservation(instrumentation, system, analysis, descriptor, batchSize);
			recording.set(Boolean.TRUE);
			return started;
		}
		catch (Exception | LinkageError ex) {
			failures(instrumentation).record(HOOK, ex);
			return null;
		}
	}

	/**
	 * Finish recording a statement.
	 * @param started what {@link #start} returned
	 * @param failure what the driver threw, or {@code null} when the statement succeeded
	 */
	void end(@Nullable Object started, @Nullable Throwable failure) {
		if (started == null) {
			return;
		}
		recording.remove();
		JdbcInstrumentation instrumentation = this.instrumentation.get();
		try {
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

	private static SqlAnalysis analyze(SqlAnalyzer analyzer, @Nullable String sql, @Nullable List<String> batchTexts,
			int batchSize, SqlDialect dialect) {
		if (sql != null) {
			SqlAnalysis analysis = analyzer.analyze(sql, dialect);
			return (batchSize > 1) ? analysis.asBatch() : analysis;
		}
		Objects.requireNonNull(batchTexts, "batchTexts");
		return (batchTexts.size() == 1) ? analyzer.analyze(batchTexts.get(0), dialect)
				: analyzer.analyzeBatch(batchTexts, dialect);
	}

	private String dbSystemName(Statement statement, JdbcInstrumentation instrumentation) {
		String name = this.dbSystemName;
		if (name == null) {
			name = DbSystemNames.OTHER_SQL;
			try {
				DatabaseMetaData metaData = statement.getConnection().getMetaData();
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

	/**
	 * Where failures of the JDBC hook are counted.
	 * @return the hook failures of the application, or a log-only fallback when the hook
	 * cannot be resolved
	 */
	HookFailures failures() {
		try {
			return this.instrumentation.get().failures;
		}
		catch (RuntimeException | LinkageError ex) {
			return this.unresolvedFailures;
		}
	}

	private HookFailures failures(@Nullable JdbcInstrumentation instrumentation) {
		return (instrumentation != null) ? instrumentation.failures : this.unresolvedFailures;
	}

}
