package dev.observability.starter.jdbc;

import java.sql.DatabaseMetaData;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import org.jspecify.annotations.Nullable;

import dev.observability.starter.core.HookFailures;

/**
 * The JDBC hook: starts an observation and opens its scope before each statement (or
 * batch) of one DataSource, and closes the scope and stops the observation after it.
 * Every step catches its own failures, so the application's statement always runs and
 * returns its results.
 */
final class JdbcObservationListener implements QueryExecutionListener {

	static final String HOOK = "jdbc";

	private static final String SCOPE = JdbcObservationListener.class.getName() + ".scope";

	private final String dataSourceName;

	private final Supplier<ObservationRegistry> registry;

	private final Supplier<SqlAnalyzer> analyzer;

	private final Supplier<@Nullable JdbcObservationConvention> convention;

	private volatile @Nullable String dbSystemName;

	JdbcObservationListener(String dataSourceName, Supplier<ObservationRegistry> registry,
			Supplier<SqlAnalyzer> analyzer, Supplier<@Nullable JdbcObservationConvention> convention) {
		this.dataSourceName = dataSourceName;
		this.registry = registry;
		this.analyzer = analyzer;
		this.convention = convention;
	}

	@Override
	public void beforeQuery(ExecutionInfo execution, List<QueryInfo> queries) {
		try {
			ObservationRegistry registry = this.registry.get();
			if (registry.isNoop() || queries.isEmpty() || isObservedAlready(registry)) {
				return;
			}
			String system = dbSystemName(execution);
			int batchSize = execution.isBatch() ? execution.getBatchSize() : 0;
			SqlAnalysis analysis = analyze(queries, batchSize, DbSystemNames.doubleQuotedStrings(system));
			JdbcContext context = new JdbcContext(this.dataSourceName, system, analysis, batchSize);
			Observation observation = JdbcObservationDocumentation.STATEMENT
				.observation(this.convention.get(), DefaultJdbcObservationConvention.INSTANCE, () -> context, registry)
				.start();
			try {
				execution.addCustomValue(SCOPE, observation.openScope());
			}
			catch (Exception | LinkageError ex) {
				stop(observation);
				throw ex;
			}
		}
		catch (Exception | LinkageError ex) {
			HookFailures.record(HOOK, ex);
		}
	}

	@Override
	public void afterQuery(ExecutionInfo execution, List<QueryInfo> queries) {
		Observation.Scope scope = execution.getCustomValue(SCOPE, Observation.Scope.class);
		if (scope == null) {
			return;
		}
		execution.addCustomValue(SCOPE, null);
		Observation observation = scope.getCurrentObservation();
		try {
			scope.close();
			Throwable failure = execution.getThrowable();
			if (failure != null) {
				if (observation.getContext() instanceof JdbcContext context) {
					context.setErrorType(SqlErrorClassifier.classify(failure));
				}
				observation.error(failure);
			}
		}
		catch (Exception | LinkageError ex) {
			HookFailures.record(HOOK, ex);
		}
		finally {
			stop(observation);
		}
	}

	/**
	 * Whether this statement runs inside another statement observation: a DataSource bean
	 * that delegates to another DataSource bean (routing, transaction-aware) has both
	 * wrapped, and only the outer one observes.
	 */
	private static boolean isObservedAlready(ObservationRegistry registry) {
		Observation current = registry.getCurrentObservation();
		return current != null && current.getContext() instanceof JdbcContext;
	}

	private static void stop(Observation observation) {
		try {
			observation.stop();
		}
		catch (Exception | LinkageError ex) {
			HookFailures.record(HOOK, ex);
		}
	}

	private SqlAnalysis analyze(List<QueryInfo> queries, int batchSize, boolean doubleQuotedStrings) {
		SqlAnalyzer analyzer = this.analyzer.get();
		SqlAnalysis first = analyzer.analyze(queries.get(0).getQuery(), doubleQuotedStrings);
		if (queries.size() == 1) {
			return (batchSize > 1) ? first.asBatch() : first;
		}
		String operation = first.getOperation();
		String collection = first.getCollection();
		StringBuilder text = new StringBuilder(first.getSanitizedQuery());
		for (int i = 1; i < queries.size(); i++) {
			SqlAnalysis next = analyzer.analyze(queries.get(i).getQuery(), doubleQuotedStrings);
			operation = operation.equals(next.getOperation()) ? operation : "";
			collection = (collection != null && collection.equals(next.getCollection())) ? collection : null;
			text.append("; ").append(next.getSanitizedQuery());
		}
		String batchOperation = operation.isEmpty() ? SqlAnalysis.BATCH_PREFIX.trim()
				: SqlAnalysis.BATCH_PREFIX + operation;
		return new SqlAnalysis(batchOperation, collection, text.toString());
	}

	private String dbSystemName(ExecutionInfo execution) {
		String name = this.dbSystemName;
		if (name == null) {
			name = DbSystemNames.OTHER_SQL;
			try {
				DatabaseMetaData metaData = execution.getStatement().getConnection().getMetaData();
				name = DbSystemNames.of(metaData.getURL(), metaData.getDatabaseProductName());
			}
			catch (Exception ex) {
				HookFailures.record(HOOK, ex);
			}
			this.dbSystemName = name;
		}
		return name;
	}

}
