package dev.observability.starter.jdbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DbSystemNames}.
 */
class DbSystemNamesTests {

	@ParameterizedTest(name = "{0} / {1} -> {2}")
	@CsvSource(textBlock = """
			jdbc:h2:mem:test,                        H2,                   h2
			jdbc:postgresql://db/app,                PostgreSQL,           postgresql
			jdbc:mysql://db/app,                     MySQL,                mysql
			jdbc:mariadb://db/app,                   MariaDB,              mariadb
			jdbc:oracle:thin:@db:1521/app,           Oracle,               oracle.db
			jdbc:sqlserver://db;databaseName=app,    Microsoft SQL Server, microsoft.sql_server
			jdbc:p6spy:postgresql://db/app,          PostgreSQL,           postgresql
			jdbc:mysql://db/app,                     MariaDB,              mysql
			,                                        5.5.5-10.6-MariaDB,   mariadb
			jdbc:sqlite:app.db,                      SQLite,               other_sql
			,                                        ,                     other_sql
			""")
	void namesTheDatabaseFromItsUrlThenItsProductName(String url, String product, String expected) {
		assertThat(DbSystemNames.of(url, product)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(textBlock = """
			h2,                   STANDARD
			postgresql,           STANDARD
			oracle.db,            STANDARD
			microsoft.sql_server, STANDARD
			mysql,                MYSQL
			mariadb,              MYSQL
			other_sql,            UNKNOWN
			""")
	void knowsHowEachDatabaseReadsQuotesAndBackslashes(String dbSystemName, SqlDialect expected) {
		assertThat(DbSystemNames.dialect(dbSystemName)).isEqualTo(expected);
		assertThat(expected.doubleQuotedStrings()).isEqualTo(DbSystemNames.doubleQuotedStrings(dbSystemName));
	}

}
