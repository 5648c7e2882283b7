package dev.observability.starter.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SqlAnalyzer}.
 */
class SqlAnalyzerTests {

	private final SqlAnalyzer analyzer = new SqlAnalyzer(100);

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
		assertThat(analysis.getSanitizedQuery()).isEqualTo(
				"SELECT * FROM task WHERE title = ? AND id IN (?, ?, -?) " + "AND due > ? AND stamp < ? AND flags = ?");
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
		assertThat(batch.getLowCardinalityKeyValues()).extracting((keyValue) -> keyValue.getValue())
			.containsExactly("task", "BATCH INSERT");
	}

}
