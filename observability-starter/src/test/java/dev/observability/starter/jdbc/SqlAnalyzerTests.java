package dev.observability.starter.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SqlAnalyzer}.
 */
class SqlAnalyzerTests {

	private final SqlAnalyzer analyzer = new SqlAnalyzer(DataSize.ofKilobytes(256), 2048, Runnable::run);

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					SELECT t.id, r.name FROM task t JOIN residence r ON r.id = t.residence_id WHERE t.id = ?  | SELECT   | task
					select * from public.task where id in (1, 2, 3)                                           | SELECT   | public.task
					SELECT * FROM "Task" WHERE id = ?                                                          | SELECT   | Task
					SELECT count(*) FROM (SELECT id FROM task WHERE done = false) sub                          | SELECT   | task
					SELECT id FROM task UNION SELECT id FROM archived_task                                      | SELECT   | task
					INSERT INTO task (id, title) VALUES (?, ?)                                                 | INSERT   | task
					UPDATE task SET title = ? WHERE id = ?                                                     | UPDATE   | task
					DELETE FROM task WHERE id = ?                                                              | DELETE   | task
					MERGE INTO task t USING incoming i ON t.id = i.id WHEN MATCHED THEN UPDATE SET title = i.title | MERGE | task
					WITH open AS (SELECT * FROM task WHERE done = false) SELECT * FROM open                    | SELECT   | task
					WITH gone AS (SELECT id FROM task) DELETE FROM archived_task WHERE id IN (SELECT id FROM gone) | DELETE | archived_task
					CREATE TABLE task (id INT PRIMARY KEY, title VARCHAR(100))                                 | CREATE   | task
					DROP TABLE IF EXISTS task                                                                  | DROP     | task
					ALTER TABLE task ADD COLUMN due DATE                                                       | ALTER    | task
					TRUNCATE TABLE task                                                                        | TRUNCATE | task
					CALL refresh_stats(?)                                                                      | CALL     |
					SELECT 1                                                                                   | SELECT   |
					""")
	void findsOperationAndMainTable(String sql, String operation, String collection) {
		SqlAnalysis analysis = this.analyzer.analyze(sql);
		assertThat(analysis.getOperation()).isEqualTo(operation);
		assertThat(analysis.getCollection()).isEqualTo((collection != null) ? collection : null);
		assertThat(analysis.getContextualName())
			.isEqualTo((collection != null) ? operation + " " + collection : operation);
	}

	@Test
	void createTableIsNamedAfterItsTable() {
		assertThat(this.analyzer.analyze("CREATE TABLE task (id INT PRIMARY KEY)").getContextualName())
			.isEqualTo("CREATE task");
	}

	@Test
	void postgresUpsertIsAnInsert() {
		SqlAnalysis analysis = this.analyzer
			.analyze("INSERT INTO task (id, title) VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET title = 'b'");
		assertThat(analysis.getContextualName()).isEqualTo("INSERT task");
		assertThat(analysis.getSanitizedQuery()).doesNotContain("'a'", "'b'", "1");
	}

	@Test
	void replacesEveryLiteralOfAParsedStatement() {
		SqlAnalysis analysis = this.analyzer
			.analyze("SELECT * FROM task WHERE title = 'it''s secret' AND id IN (1, 2.5, "
					+ "-3e10) AND due > DATE '2031-12-24' AND stamp < TIMESTAMP '2031-12-24 10:00:00' AND flags = X'CAFE'");
		assertThat(analysis.getSanitizedQuery())
			.isEqualTo("SELECT * FROM task WHERE title = ? AND id IN (?) " + "AND due > ? AND stamp < ? AND flags = ?");
	}

	@Test
	void keepsParametersAndIdentifiersWithDigits() {
		assertThat(this.analyzer.analyze("SELECT col1, t2.col_3 FROM table9 t2 WHERE col1 = ? AND x = :named")
			.getSanitizedQuery()).isEqualTo("SELECT col1, t2.col_3 FROM table9 t2 WHERE col1 = ? AND x = :named");
	}

	@Test
	void unparseableVendorSqlFallsBackToTheTokenizerAndStillReplacesLiterals() {
		SqlAnalysis analysis = this.analyzer.analyze("SELECT $$dollar secret$$, $t$tagged secret$t$, 0xCAFE, 42, "
				+ "'x' FROM task WHERE title ~* 'secret' LIMIT 5 /* comment secret */ -- trailing secret");
		assertThat(analysis.getContextualName()).isEqualTo("SELECT task");
		assertThat(analysis.getSanitizedQuery()).doesNotContain("secret", "CAFE", "42", "'x'", "5")
			.startsWith("SELECT ?, ?, ?, ?, ? FROM task");
	}

	@Test
	void tokenizerFindsOperationAndTableOfUnknownSyntax() {
		SqlAnalysis analysis = SqlTokenizer.analyze("UPDATE ONLY \"public\".\"task\" SET x = 'y' RETURNING *", false);
		assertThat(analysis.getContextualName()).isEqualTo("UPDATE public.task");
		assertThat(analysis.getSanitizedQuery()).isEqualTo("UPDATE ONLY \"public\".\"task\" SET x = ? RETURNING *");
		assertThat(SqlTokenizer.analyze("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", false).getOperation())
			.isEqualTo("INSERT");
		assertThat(SqlTokenizer.analyze("FROBNICATE everything", false).getOperation()).isEqualTo("OTHER");
	}

	@Test
	void dropsTextWhoseLiteralsCannotBeFoundWithCertainty() {
		assertThat(this.analyzer.analyze("SELECT * FROM task WHERE title = 'unterminated secret").getSanitizedQuery())
			.isEqualTo("SELECT /* text withheld: it could not be sanitized with certainty */");
		// MySQL reads 'back\' OR title = ' as one string, PostgreSQL as 'back\' then SQL
		SqlAnalysis ambiguous = this.analyzer.analyze("SELECT * FROM task WHERE title = 'back\\' OR title = ' secret'");
		assertThat(ambiguous.getContextualName()).isEqualTo("SELECT task");
		assertThat(ambiguous.getSanitizedQuery())
			.isEqualTo("SELECT /* text withheld: it could not be sanitized with certainty */");
		assertThat(this.analyzer.analyze("SELECT $$never closed secret FROM task").getSanitizedQuery())
			.doesNotContain("secret");
	}

	@Test
	void doubleQuotesAreStringsForMysql() {
		SqlAnalysis analysis = this.analyzer.analyze("SELECT * FROM `task` WHERE title = \"secret\"", true);
		assertThat(analysis.getContextualName()).isEqualTo("SELECT task");
		assertThat(analysis.getSanitizedQuery()).doesNotContain("secret");
		assertThat(this.analyzer.analyze("SELECT id FROM task # secret note", true).getSanitizedQuery())
			.isEqualTo("SELECT id FROM task");
		assertThat(this.analyzer.analyze("SELECT * FROM \"task\" WHERE title = ?").getSanitizedQuery())
			.contains("\"task\"");
	}

	@Test
	void veryLongTextIsOnlyTokenized() {
		StringBuilder sql = new StringBuilder("INSERT INTO task (id) VALUES (1)");
		while (sql.length() <= SqlAnalyzer.MAX_PARSED_LENGTH) {
			sql.append(", (12345)");
		}
		SqlAnalysis analysis = this.analyzer.analyze(sql.toString());
		assertThat(analysis.getContextualName()).isEqualTo("INSERT task");
		assertThat(analysis.getSanitizedQuery()).doesNotContain("12345");
	}

	@Test
	void cachesAnalysesByText() {
		SqlAnalysis first = this.analyzer.analyze("SELECT * FROM task");
		assertThat(this.analyzer.analyze("SELECT * FROM task")).isSameAs(first);
		assertThat(this.analyzer.analyzeUncached("SELECT * FROM task", false)).isNotSameAs(first);
	}

	@Test
	void textsThatDifferOnlyInLiteralsShareOneAnalysis() {
		SqlAnalysis first = this.analyzer.analyze("SELECT * FROM task WHERE id = 1 AND title = 'a'");
		assertThat(this.analyzer.analyze("SELECT * FROM task WHERE id = 2 AND title = 'b'")).isSameAs(first);
		assertThat(this.analyzer.analyze("SELECT * FROM task WHERE id = 2 OR title = 'b'")).isNotSameAs(first);
	}

	@Test
	void batchAnalysisPrefixesTheOperation() {
		SqlAnalysis batch = this.analyzer.analyze("INSERT INTO task (id) VALUES (?)").asBatch();
		assertThat(batch.getContextualName()).isEqualTo("BATCH INSERT task");
		assertThat(batch.getOperation()).isEqualTo("BATCH INSERT");
		assertThat(batch.getCollection()).isEqualTo("task");
	}

	@Test
	void longTextIsCutWithAVisibleMarker() {
		SqlAnalyzer analyzer = new SqlAnalyzer(DataSize.ofKilobytes(256), 100, Runnable::run);
		String columns = String.join(", ", Collections.nCopies(40, "t.some_column"));
		SqlAnalysis analysis = analyzer.analyze("SELECT " + columns + " FROM task t WHERE t.title = 'secret'");
		assertThat(analysis.getSanitizedQuery()).hasSizeLessThanOrEqualTo(100)
			.startsWith("SELECT t.some_column, t.some_column")
			.endsWith(" /* truncated */");
		assertThat(analysis.getContextualName()).isEqualTo("SELECT task");
		assertThat(analyzer.analyze("SELECT id FROM task WHERE id = 1").getSanitizedQuery())
			.isEqualTo("SELECT id FROM task WHERE id = ?");
	}

	@Test
	void inListsOfAnySizeShareOneShape() {
		SqlAnalysis three = this.analyzer.analyze("select t1_0.id,t1_0.title from task t1_0 where t1_0.id in (?,?,?)",
				SqlDialect.STANDARD);
		SqlAnalysis five = this.analyzer
			.analyze("select t1_0.id,t1_0.title from task t1_0 where t1_0.id in (?,?,?,?,?)", SqlDialect.STANDARD);
		assertThat(three.getSanitizedQuery())
			.isEqualTo("select t1_0.id,t1_0.title from task t1_0 where t1_0.id in (?)");
		assertThat(five).isSameAs(three);
		assertThat(this.analyzer.analyze("SELECT id FROM task WHERE id NOT IN (1, 2, -3) AND title IN ('a', 'b')")
			.getSanitizedQuery()).isEqualTo("SELECT id FROM task WHERE id NOT IN (?) AND title IN (?)");
	}

	@Test
	void rowValueInListsCollapseToOneRow() {
		assertThat(this.analyzer.analyze("select c1_0.id from chore c1_0 where (c1_0.a,c1_0.b) in ((?,?),(?,?),(?,?))")
			.getSanitizedQuery()).isEqualTo("select c1_0.id from chore c1_0 where (c1_0.a,c1_0.b) in ((?,?))");
	}

	@Test
	void listsWhoseItemsDifferAreKept() {
		assertThat(this.analyzer.analyze("SELECT id FROM task WHERE id IN (?, :other) AND x IN (SELECT id FROM t)")
			.getSanitizedQuery()).isEqualTo("SELECT id FROM task WHERE id IN (?, :other) AND x IN (SELECT id FROM t)");
		assertThat(this.analyzer.analyze("SELECT id FROM task WHERE id IN ($1, $2)").getSanitizedQuery())
			.isEqualTo("SELECT id FROM task WHERE id IN ($1, $2)");
	}

	@Test
	void anyArrayParameterIsKeptAsIs() {
		assertThat(this.analyzer.analyze("select t1_0.id from task t1_0 where t1_0.id = any (?)", SqlDialect.STANDARD)
			.getSanitizedQuery()).isEqualTo("select t1_0.id from task t1_0 where t1_0.id = any (?)");
	}

	@Test
	void repeatedValuesTuplesCollapseToOne() {
		SqlAnalysis two = this.analyzer.analyze("insert into task (id,title) values (?,?),(?,?)");
		SqlAnalysis literals = this.analyzer
			.analyze("INSERT INTO task (id, title) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
		assertThat(two.getSanitizedQuery()).isEqualTo("insert into task (id,title) values (?,?)");
		assertThat(two.getContextualName()).isEqualTo("INSERT task");
		assertThat(literals.getSanitizedQuery()).isEqualTo("INSERT INTO task (id, title) VALUES (?, ?)");
		assertThat(
				this.analyzer.analyze("INSERT INTO task (id, title) VALUES (?, ?), (?, DEFAULT)").getSanitizedQuery())
			.isEqualTo("INSERT INTO task (id, title) VALUES (?, ?), (?, DEFAULT)");
	}

	@Test
	void batchOfDifferentStatementsShowsTheFirstThreeAndCountsTheRest() {
		SqlAnalysis batch = this.analyzer.analyzeBatch(List.of("INSERT INTO task (id) VALUES (1)",
				"UPDATE task SET title = 'secret' WHERE id = 1", "DELETE FROM task WHERE id = 2",
				"INSERT INTO task (id) VALUES (3)", "INSERT INTO task (id) VALUES (4)"), SqlDialect.STANDARD);
		assertThat(batch.getOperation()).isEqualTo("BATCH");
		assertThat(batch.getCollection()).isEqualTo("task");
		assertThat(batch.getSanitizedQuery()).isEqualTo("INSERT INTO task (id) VALUES (?); "
				+ "UPDATE task SET title = ? WHERE id = ?; DELETE FROM task WHERE id = ?; /* 2 more statements */");
	}

	@Test
	void batchSharingOneOperationIsNamedAfterIt() {
		SqlAnalysis batch = this.analyzer.analyzeBatch(
				List.of("INSERT INTO task (id) VALUES (1)", "INSERT INTO archived_task (id) VALUES (2)"), false);
		assertThat(batch.getOperation()).isEqualTo("BATCH INSERT");
		assertThat(batch.getCollection()).isNull();
		assertThat(batch.getSanitizedQuery())
			.isEqualTo("INSERT INTO task (id) VALUES (?); INSERT INTO archived_task (id) VALUES (?)");
		assertThat(this.analyzer.analyzeBatch(List.of("DELETE FROM task"), false).getContextualName())
			.isEqualTo("BATCH DELETE task");
	}

	@Test
	void batchTextIsCutButKeepsItsCount() {
		SqlAnalyzer analyzer = new SqlAnalyzer(DataSize.ofKilobytes(256), 80, Runnable::run);
		String update = "UPDATE task SET title = 'x', description = 'y', status = 'z' WHERE id = 1";
		SqlAnalysis batch = analyzer.analyzeBatch(Collections.nCopies(10, update), SqlDialect.STANDARD);
		assertThat(batch.getSanitizedQuery()).hasSizeLessThanOrEqualTo(80)
			.contains(" /* truncated */")
			.endsWith("; /* 7 more statements */");
		assertThat(batch.getContextualName()).isEqualTo("BATCH UPDATE task");
	}

	@Test
	void newShapeIsAnsweredLexicallyAndParsedInTheBackground() {
		List<Runnable> tasks = new ArrayList<>();
		SqlAnalyzer analyzer = new SqlAnalyzer(DataSize.ofKilobytes(256), 2048, tasks::add);
		String sql = "SELECT count(*) FROM (SELECT id FROM task WHERE id > 1) sub";
		SqlAnalysis lexical = analyzer.analyze(sql);
		assertThat(lexical.getContextualName()).isEqualTo("SELECT");
		assertThat(analyzer.analyze(sql)).isSameAs(lexical);
		assertThat(tasks).hasSize(1);
		tasks.forEach(Runnable::run);
		SqlAnalysis parsed = analyzer.analyze(sql);
		assertThat(parsed.getContextualName()).isEqualTo("SELECT task");
		assertThat(parsed.getSanitizedQuery()).isEqualTo(lexical.getSanitizedQuery());
		assertThat(analyzer.analyze("SELECT count(*) FROM (SELECT id FROM task WHERE id > 2) sub")).isSameAs(parsed);
		assertThat(tasks).hasSize(1);
	}

	@Test
	void parseRejectedByAFullQueueIsRetriedByTheNextTextOfTheShape() {
		List<Runnable> tasks = new ArrayList<>();
		AtomicBoolean full = new AtomicBoolean(true);
		SqlAnalyzer analyzer = new SqlAnalyzer(DataSize.ofKilobytes(256), 2048, (task) -> {
			if (full.get()) {
				throw new RejectedExecutionException("full");
			}
			tasks.add(task);
		});
		String shapeOf42 = "SELECT * FROM (SELECT id FROM task WHERE id = 42) sub";
		assertThat(analyzer.analyze(shapeOf42).getCollection()).isNull();
		full.set(false);
		assertThat(analyzer.analyze("SELECT * FROM (SELECT id FROM task WHERE id = 43) sub").getCollection()).isNull();
		assertThat(tasks).hasSize(1);
		tasks.get(0).run();
		assertThat(analyzer.analyze("SELECT * FROM (SELECT id FROM task WHERE id = 44) sub").getCollection())
			.isEqualTo("task");
	}

	@Test
	void textWithLiteralsIsCachedUnderItsTextOnlyFromItsSecondSighting() {
		String plain = "SELECT id FROM task WHERE id = ?";
		String inlined = "SELECT id FROM task WHERE title = 'secret'";
		this.analyzer.analyze(plain);
		this.analyzer.analyze(inlined);
		assertThat(this.analyzer.cachesText(plain, SqlDialect.UNKNOWN)).isTrue();
		assertThat(this.analyzer.cachesText(inlined, SqlDialect.UNKNOWN)).isFalse();
		this.analyzer.analyze(inlined);
		assertThat(this.analyzer.cachesText(inlined, SqlDialect.UNKNOWN)).isTrue();
	}

	@Test
	void cachesAreBoundedByMemoryNotByCount() {
		SqlAnalyzer analyzer = new SqlAnalyzer(DataSize.ofKilobytes(64), 2048, Runnable::run);
		String columns = String.join(", ", Collections.nCopies(100, "some_column"));
		for (int i = 0; i < 500; i++) {
			analyzer.analyze("SELECT " + columns + " FROM task_" + i);
		}
		assertThat(analyzer.cachedWeight()).isLessThanOrEqualTo(DataSize.ofKilobytes(64).toBytes());
		assertThat(analyzer.analyze("SELECT " + columns + " FROM task_499").getCollection()).isEqualTo("task_499");
	}

	@Test
	void likeEscapeBackslashIsKeptWhereTheBackslashIsUnambiguous() {
		String sql = "select t1_0.id from task t1_0 where t1_0.title like ? escape '\\'";
		assertThat(this.analyzer.analyze(sql, SqlDialect.STANDARD).getSanitizedQuery())
			.isEqualTo("select t1_0.id from task t1_0 where t1_0.title like ? escape ?");
		assertThat(this.analyzer.analyze(sql, SqlDialect.MYSQL).getSanitizedQuery())
			.isEqualTo("SELECT /* text withheld: it could not be sanitized with certainty */");
		assertThat(this.analyzer.analyze(sql, SqlDialect.UNKNOWN).getSanitizedQuery())
			.isEqualTo("SELECT /* text withheld: it could not be sanitized with certainty */");
	}

	@Test
	void backslashOnStandardDatabasesEndsNoStringEarly() {
		SqlAnalysis analysis = this.analyzer.analyze("SELECT * FROM task WHERE title = 'back\\' OR title = ' secret'",
				SqlDialect.STANDARD);
		assertThat(analysis.getSanitizedQuery()).isEqualTo("SELECT * FROM task WHERE title = ? OR title = ?");
	}

	@Test
	void escapeAndOracleQuotedStringsThatCouldHideALiteralAreWithheld() {
		assertThat(this.analyzer.analyze("SELECT * FROM task WHERE title = E'\\' secret \\''", SqlDialect.STANDARD)
			.getSanitizedQuery()).doesNotContain("secret").contains("withheld");
		assertThat(this.analyzer.analyze("SELECT * FROM task WHERE title = E'plain'", SqlDialect.STANDARD)
			.getSanitizedQuery()).isEqualTo("SELECT * FROM task WHERE title = ?");
		assertThat(this.analyzer.analyze("SELECT * FROM task WHERE title = q'[it' secret ']'", SqlDialect.STANDARD)
			.getSanitizedQuery()).doesNotContain("secret").contains("withheld");
	}

	@Test
	void operationIsFoundAtAnyParenthesisDepth() {
		String nested = "(".repeat(200) + "WITH x AS (SELECT 1) SELECT * FROM x" + ")".repeat(200);
		assertThat(SqlTokenizer.analyze(nested, false).getOperation()).isEqualTo("SELECT");
	}

	@Test
	void typedLiteralsBecomeOneParameterButColumnsNamedLikeTypesStay() {
		assertThat(this.analyzer
			.analyze("SELECT date, 'x', t.time FROM task t WHERE due < DATE '2031-12-24' "
					+ "AND flags = X'CAFE' AND name = N'secret'", SqlDialect.STANDARD)
			.getSanitizedQuery())
			.isEqualTo("SELECT date, ?, t.time FROM task t WHERE due < ? AND flags = ? AND name = ?");
	}

	@Test
	void closingStopsTheParsingThreadItStarted() throws Exception {
		SqlAnalyzer analyzer = new SqlAnalyzer();
		analyzer.analyze("SELECT * FROM (SELECT id FROM task) sub");
		analyzer.close();
		assertThat(analyzer.awaitParsingStopped(Duration.ofSeconds(10))).isTrue();
	}

}
