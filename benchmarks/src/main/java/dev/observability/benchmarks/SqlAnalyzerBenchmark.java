package dev.observability.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.util.unit.DataSize;

import dev.observability.starter.jdbc.SqlAnalysis;
import dev.observability.starter.jdbc.SqlAnalyzer;

/**
 * Cost of analysing a realistic ~1 KB query (joins, IN lists, string, number, date and
 * timestamp literals, a correlated subquery): with the analysis already cached, as on
 * every execution after the first; with new literal values in a known shape, as for SQL
 * that inlines values; and analysed from scratch with the parse on the caller's thread
 * (the starter parses new shapes on a background thread; the direct executor here keeps
 * the measurement on one thread).
 * <p>
 * Run:
 * {@code java -jar benchmarks/target/benchmarks.jar SqlAnalyzer -f 1 -wi 3 -i 5 -w 1 -r 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SqlAnalyzerBenchmark {

	static final String QUERY = "SELECT t.id, t.title, t.description, t.due_date, t.status, t.priority, t.created_at, "
			+ "r.name AS residence_name, r.street, r.postal_code, r.city, u.email, u.display_name, "
			+ "c.label AS category_label, c.colour FROM task t JOIN residence r ON r.id = t.residence_id "
			+ "LEFT JOIN app_user u ON u.id = t.assignee_id LEFT JOIN category c ON c.id = t.category_id "
			+ "WHERE t.residence_id IN (101, 102, 103, 104, 105, 106, 107, 108, 109, 110) "
			+ "AND t.status IN ('OPEN', 'IN_PROGRESS', 'BLOCKED') "
			+ "AND t.due_date BETWEEN DATE '2026-01-01' AND DATE '2026-12-31' "
			+ "AND (t.title LIKE '%boiler%' OR t.description LIKE '%water leak%') AND t.priority >= 3 "
			+ "AND u.email <> 'noreply@example.com' AND r.city = 'Amsterdam' AND NOT EXISTS (SELECT 1 FROM "
			+ "task_archive a WHERE a.task_id = t.id AND a.archived_at > TIMESTAMP '2026-06-01 00:00:00') "
			+ "ORDER BY t.due_date ASC, t.priority DESC, t.id LIMIT 50 OFFSET 100";

	private SqlAnalyzer analyzer;

	private int variant;

	@Setup
	public void setUp() {
		this.analyzer = new SqlAnalyzer(DataSize.ofMegabytes(4), 2048, Runnable::run);
		// a text with literals is cached under its own text from its second sighting
		this.analyzer.analyze(QUERY);
		this.analyzer.analyze(QUERY);
	}

	@Benchmark
	public SqlAnalysis cached() {
		return this.analyzer.analyze(QUERY);
	}

	/**
	 * A text never seen before whose shape (text without literals) is cached: the case of
	 * SQL that inlines values.
	 * @return the analysis
	 */
	@Benchmark
	public SqlAnalysis newLiteralsKnownShape() {
		return this.analyzer.analyze(QUERY.replace("LIMIT 50", "LIMIT " + (this.variant++)));
	}

	@Benchmark
	public SqlAnalysis uncached() {
		return this.analyzer.analyzeUncached(QUERY, false);
	}

}
