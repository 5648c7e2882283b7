package dev.observability.starter.jdbc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.AntPathMatcher;

import dev.observability.starter.core.CardinalityGuard;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.QueryFinding;
import dev.observability.starter.core.QueryFindingListener;
import dev.observability.starter.core.RateLimitedLog;
import dev.observability.starter.core.UnitOfWork;
import dev.observability.starter.jdbc.JdbcMeterDocumentation.FindingKeyNames;

/**
 * Finds N+1 and repeated queries per unit of work and reports them: statements are
 * counted into the current unit's {@link StatementCounts}, which hands what crossed the
 * threshold back here when the unit closes. A finding is logged at WARN (at most one line
 * per unit name, kind and statement per cooldown), counted in
 * {@code observability.db.query.findings}, added as a {@code db.query.finding} event to
 * the unit's span and handed to every {@link QueryFindingListener}.
 */
final class QueryFindings {

	static final String HOOK = "jdbc.findings";

	private static final UnitOfWork.Slot<StatementCounts> COUNTS = UnitOfWork.newSlot();

	private static final AntPathMatcher ROUTES = new AntPathMatcher();

	private static final AttributeKey<String> KIND = AttributeKey.stringKey(FindingKeyNames.FINDING_KIND.asString());

	private static final AttributeKey<String> QUERY_TEXT = AttributeKey
		.stringKey(JdbcObservationDocumentation.HighCardinalityKeyNames.DB_QUERY_TEXT.asString());

	private static final AttributeKey<String> COLLECTION = AttributeKey
		.stringKey(JdbcObservationDocumentation.LowCardinalityKeyNames.DB_COLLECTION_NAME.asString());

	private static final AttributeKey<Long> COUNT = AttributeKey.longKey(FindingKeyNames.FINDING_COUNT.asString());

	private static final AttributeKey<Double> DURATION = AttributeKey
		.doubleKey(FindingKeyNames.FINDING_DURATION.asString());

	private static final AttributeKey<String> ASSOCIATION = AttributeKey
		.stringKey(JdbcObservationDocumentation.HighCardinalityKeyNames.ORM_ASSOCIATION.asString());

	private static final AttributeKey<String> CODE_LOCATION = AttributeKey
		.stringKey(FindingKeyNames.CODE_LOCATION.asString());

	final int threshold;

	private final List<Pattern> excludedStatements;

	private final List<String> excludedRoutes;

	private final RateLimitedLog log;

	private final @Nullable MeterRegistry meterRegistry;

	private final CardinalityGuard unitNames;

	private final CardinalityGuard collections;

	/**
	 * Counters by their tags: a hot route with an N+1 looks its counter up, not the
	 * registry.
	 */
	private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();

	private final List<QueryFindingListener> listeners;

	private final HookFailures failures;

	private final Supplier<StatementCounts> newCounts = () -> new StatementCounts(this, takeSpare());

	/** Count tables a closed unit gave back, for the next unit on the same thread. */
	private final ThreadLocal<StatementCounts.ShapeTable> spare = new ThreadLocal<>();

	QueryFindings(JdbcObservabilityProperties.Findings properties, @Nullable MeterRegistry meterRegistry,
			CardinalityGuard collections, List<QueryFindingListener> listeners, HookFailures failures) {
		this.collections = collections;
		this.threshold = properties.getThreshold();
		this.excludedStatements = properties.getExcludedStatements().stream().map(Pattern::compile).toList();
		this.excludedRoutes = List.copyOf(properties.getExcludedRoutes());
		this.log = new RateLimitedLog(LogFactory.getLog(QueryFindings.class), properties.getLogCooldown());
		this.meterRegistry = meterRegistry;
		this.unitNames = new CardinalityGuard(JdbcMeterDocumentation.QUERY_FINDINGS.getName(),
				FindingKeyNames.UNIT_NAME.asString(), properties.getMaxUnitNames(), meterRegistry);
		this.listeners = List.copyOf(listeners);
		this.failures = failures;
	}

	/**
	 * Where the statements of the current unit of work are counted.
	 * @return the counts, or {@code null} outside a unit of work or after it closed
	 */
	@Nullable StatementCounts current() {
		UnitOfWork unit = UnitOfWork.current();
		return (unit != null && !unit.isClosed()) ? unit.get(COUNTS, this.newCounts) : null;
	}

	private StatementCounts.@Nullable ShapeTable takeSpare() {
		StatementCounts.ShapeTable table = this.spare.get();
		if (table != null) {
			this.spare.set(null);
		}
		return table;
	}

	/**
	 * Keep the emptied count tables of a unit closed on this thread for its next unit.
	 * @param table the tables
	 */
	void giveBack(StatementCounts.ShapeTable table) {
		this.spare.set(table);
	}

	boolean isExcluded(SqlAnalysis analysis) {
		for (Pattern pattern : this.excludedStatements) {
			if (pattern.matcher(analysis.getSanitizedQuery()).find()) {
				return true;
			}
		}
		return false;
	}

	boolean isExcluded(UnitOfWork unit) {
		for (String pattern : this.excludedRoutes) {
			if (ROUTES.match(pattern, unit.getName())) {
				return true;
			}
		}
		return false;
	}

	void report(UnitOfWork unit, QueryFinding finding) {
		this.log.warn(new LogKey(finding.getKind(), finding.getUnitName(), finding.getStatement()), finding::toString);
		count(finding);
		addEvent(unit.getSpan(), finding);
		for (QueryFindingListener listener : this.listeners) {
			try {
				listener.onFinding(finding);
			}
			catch (RuntimeException ex) {
				this.failures.record(HOOK, ex);
			}
		}
	}

	private void count(QueryFinding finding) {
		if (this.meterRegistry == null) {
			return;
		}
		String collection = finding.getCollection();
		CounterKey key = new CounterKey(finding.getKind(), this.unitNames.admit(finding.getUnitName()),
				(collection != null) ? this.collections.admit(collection) : KeyValue.NONE_VALUE);
		this.counters.computeIfAbsent(key, this::register).increment();
	}

	private Counter register(CounterKey key) {
		return Counter.builder(JdbcMeterDocumentation.QUERY_FINDINGS.getName())
			.description(JdbcMeterDocumentation.QUERY_FINDINGS.getDescription())
			.tag(FindingKeyNames.FINDING_KIND.asString(), key.kind().getTagValue())
			.tag(FindingKeyNames.UNIT_NAME.asString(), key.unitName())
			.tag(JdbcObservationDocumentation.LowCardinalityKeyNames.DB_COLLECTION_NAME.asString(), key.collection())
			.register(this.meterRegistry);
	}

	/** The tags of one findings counter, each bounded by its guard. */
	private record CounterKey(QueryFinding.Kind kind, String unitName, String collection) {
	}

	private static void addEvent(@Nullable Span span, QueryFinding finding) {
		if (span == null || !span.isRecording()) {
			return;
		}
		AttributesBuilder attributes = Attributes.builder()
			.put(KIND, finding.getKind().getTagValue())
			.put(QUERY_TEXT, finding.getStatement())
			.put(COUNT, finding.getCount())
			.put(DURATION, finding.getTotalTime().toNanos() / 1e9);
		if (finding.getCollection() != null) {
			attributes.put(COLLECTION, finding.getCollection());
		}
		if (finding.getAssociation() != null) {
			attributes.put(ASSOCIATION, finding.getAssociation());
		}
		if (finding.getCodeLocation() != null) {
			attributes.put(CODE_LOCATION, finding.getCodeLocation());
		}
		span.addEvent(JdbcMeterDocumentation.FINDING_EVENT, attributes.build());
	}

	private record LogKey(QueryFinding.Kind kind, String unitName, String statement) {
	}

}
