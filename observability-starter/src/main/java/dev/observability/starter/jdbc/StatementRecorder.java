package dev.observability.starter.jdbc;

import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.observation.Observation;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.FetchContext;
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

	private static final AttributeKey<String> ASSOCIATION = AttributeKey
		.stringKey(HighCardinalityKeyNames.ORM_ASSOCIATION.asString());

	/**
	 * Set while a statement is recorded on this thread: a DataSource bean that delegates
	 * to another DataSource bean (routing, transaction-aware) has both wrapped, and only
	 * the outer one records.
	 */
	private static final ThreadLocal<Boolean> recording = new ThreadLocal<>();

	private final String dataSourceName;

	private final Supplier<JdbcInstrumentation> instrumentation;

	private final HookFailures unresolvedFailures = HookFailures.logOnly();

	private final DataSource dataSource;

	private volatile @Nullable DatabaseTarget target;

	StatementRecorder(String dataSourceName, DataSource dataSource, Supplier<JdbcInstrumentation> instrumentation) {
		this.dataSourceName = dataSourceName;
		this.dataSource = dataSource;
		this.instrumentation = instrumentation;
	}

	/**
	 * Start recording a statement about to run.
	 * @param execution where the recording is kept until {@link #end}
	 * @param statement the driver's statement, used once per DataSource to find the
	 * database product
	 * @param sql the statement's SQL, or {@code null} for a batch of plain statements
	 * @param batchTexts the SQL of each statement of a batch of plain statements, or
	 * {@code null}
	 * @param batchSize number of statements in the batch, or {@code 0} when the statement
	 * is not a batch
	 * @param bindHash hash of the statement's text and bind values
	 * @return whether the statement is recorded, in which case {@link #end} must be
	 * called
	 */
	boolean start(Execution execution, Statement statement, @Nullable String sql, @Nullable List<String> batchTexts,
			int batchSize, long bindHash) {
		if (recording.get() != null || SuppressedWork.isActive()) {
			return false;
		}
		JdbcInstrumentation instrumentation = null;
		try {
			instrumentation = this.instrumentation.get();
			if (instrumentation.path == LeanPathDecision.Path.OFF) {
				return false;
			}
			DatabaseTarget target = target(statement, instrumentation);
			SqlAnalysis analysis = analyze(instrumentation.analyzer, sql, batchTexts, batchSize, target.dialect());
			OperationDescriptor descriptor = instrumentation.descriptors.of(analysis, target);
			String association = FetchContext.current();
			execution.started = (instrumentation.path == LeanPathDecision.Path.LEAN)
					? startLean(instrumentation, descriptor, batchSize, association) : startObservation(instrumentation,
							target.systemName(), analysis, descriptor, batchSize, association);
			execution.analysis = analysis;
			execution.association = association;
			execution.bindHash = bindHash;
			execution.counts = (instrumentation.findings != null) ? instrumentation.findings.current() : null;
			execution.startNanos = (execution.counts != null || instrumentation.slowQueries != null) ? System.nanoTime()
					: 0;
			recording.set(Boolean.TRUE);
			return true;
		}
		catch (Exception | LinkageError ex) {
			failures(instrumentation).record(HOOK, ex);
			return false;
		}
	}

	/**
	 * Finish recording a statement that {@link #start} recorded.
	 * @param execution what {@link #start} kept
	 * @param failure what the driver threw, or {@code null} when the statement succeeded
	 */
	void end(Execution execution, @Nullable Throwable failure) {
		recording.remove();
		JdbcInstrumentation instrumentation = this.instrumentation.get();
		Object started = execution.started;
		execution.started = null;
		try {
			String errorType = (failure != null) ? SqlErrorClassifier.classify(failure) : null;
			if (started instanceof LeanOperation lean) {
				lean.end(instrumentation.meters, failure, errorType, instrumentation.exceptionMessages);
			}
			else if (started instanceof GuardedObservation observation) {
				stop(observation, failure, errorType);
			}
			if (execution.startNanos != 0) {
				afterwards(instrumentation, execution, System.nanoTime() - execution.startNanos);
			}
		}
		catch (Exception | LinkageError ex) {
			instrumentation.failures.record(HOOK, ex);
		}
	}

	/**
	 * Count the statement in its unit of work and report it when it was slow.
	 */
	private void afterwards(JdbcInstrumentation instrumentation, Execution execution, long nanos) {
		SqlAnalysis analysis = execution.analysis;
		StatementCounts counts = execution.counts;
		if (counts != null && analysis != null) {
			counts.count(analysis, execution.bindHash, execution.association, nanos);
		}
		SlowQueries slowQueries = instrumentation.slowQueries;
		if (slowQueries != null && nanos >= slowQueries.thresholdNanos && analysis != null) {
			DatabaseTarget target = this.target;
			slowQueries.report(
					instrumentation.descriptors.of(analysis, (target != null) ? target : DatabaseTarget.UNKNOWN),
					analysis, nanos);
		}
		execution.counts = null;
	}

	private static LeanOperation startLean(JdbcInstrumentation instrumentation, OperationDescriptor descriptor,
			int batchSize, @Nullable String association) {
		Tracer tracer = (instrumentation.rootSpans || Span.current().getSpanContext().isValid())
				? instrumentation.tracer : null;
		return LeanOperation.start(descriptor, tracer, instrumentation.meters, extraAttributes(batchSize, association));
	}

	private static Attributes extraAttributes(int batchSize, @Nullable String association) {
		if (association == null) {
			return (batchSize > 1) ? Attributes.of(BATCH_SIZE, (long) batchSize) : Attributes.empty();
		}
		return (batchSize > 1) ? Attributes.of(BATCH_SIZE, (long) batchSize, ASSOCIATION, association)
				: Attributes.of(ASSOCIATION, association);
	}

	private GuardedObservation startObservation(JdbcInstrumentation instrumentation, String system,
			SqlAnalysis analysis, OperationDescriptor descriptor, int batchSize, @Nullable String association) {
		JdbcContext context = new JdbcContext(this.dataSourceName, system, analysis, descriptor, batchSize);
		context.setAssociation(association);
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

	private DatabaseTarget target(Statement statement, JdbcInstrumentation instrumentation) {
		DatabaseTarget target = this.target;
		if (target == null) {
			try {
				target = DatabaseTarget.of(statement.getConnection(), this.dataSource, this.dataSourceName);
			}
			catch (Exception ex) {
				instrumentation.failures.record(HOOK, ex);
				target = new DatabaseTarget(DbSystemNames.OTHER_SQL, null, this.dataSourceName);
			}
			this.target = target;
		}
		return target;
	}

	/**
	 * The comment to append to SQL sent to the database now, when
	 * {@code observability.jdbc.sql-comment} is on.
	 * @return the comment with its leading space, or {@code null} when statements are not
	 * commented or no span is current
	 */
	@Nullable String sqlComment() {
		try {
			JdbcInstrumentation instrumentation = this.instrumentation.get();
			if (!instrumentation.sqlComment || instrumentation.path == LeanPathDecision.Path.OFF
					|| SuppressedWork.isActive()) {
				return null;
			}
			return SqlComments.traceparent(Span.current().getSpanContext());
		}
		catch (RuntimeException | LinkageError ex) {
			failures().record(HOOK, ex);
			return null;
		}
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

	/**
	 * What {@link #start} recorded about one execution of a statement, kept by the
	 * statement and reused by its next execution, so that recording allocates nothing
	 * here.
	 */
	static final class Execution {

		@Nullable Object started;

		@Nullable SqlAnalysis analysis;

		@Nullable String association;

		long bindHash;

		@Nullable StatementCounts counts;

		long startNanos;

	}

}
