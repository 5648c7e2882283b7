package dev.observability.starter.jdbc;

import java.util.List;

import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;
import org.jspecify.annotations.Nullable;

/**
 * The part of SQL analysis that uses JSqlParser: the operation and main table from the
 * syntax tree of a statement's shape (its text with every literal already replaced by
 * {@code ?}, so the parser never sees a literal). Kept apart so that JSqlParser stays out
 * of the starter's public API.
 */
final class SqlStatementParser {

	private static final int MAX_CTE_DEPTH = 8;

	private SqlStatementParser() {
	}

	/**
	 * Parse one statement.
	 * @param sql the SQL text
	 * @return the statement's tree
	 * @throws ParseException when JSqlParser cannot read the text
	 */
	static Statement parse(String sql) throws ParseException {
		return CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(false).Statement();
	}

	/**
	 * Operation named by the statement's type; used when the text starts with
	 * {@code WITH}.
	 * @param statement the statement
	 * @return the operation, or {@code null} when the type is not DML
	 */
	static @Nullable String operation(Statement statement) {
		if (statement instanceof Select) {
			return "SELECT";
		}
		if (statement instanceof Insert) {
			return "INSERT";
		}
		if (statement instanceof Update) {
			return "UPDATE";
		}
		if (statement instanceof Delete) {
			return "DELETE";
		}
		if (statement instanceof Merge) {
			return "MERGE";
		}
		return null;
	}

	/**
	 * Main table of a statement.
	 * @param statement the statement
	 * @return the table, or {@code null} when it has none
	 */
	static @Nullable String collection(Statement statement) {
		if (statement instanceof Select select) {
			return fromSelect(select, select.getWithItemsList(), 0);
		}
		Table table = target(statement);
		return (table != null) ? name(table) : null;
	}

	private static @Nullable Table target(Statement statement) {
		if (statement instanceof Insert insert) {
			return insert.getTable();
		}
		if (statement instanceof Update update) {
			return update.getTable();
		}
		if (statement instanceof Delete delete) {
			return delete.getTable();
		}
		if (statement instanceof Merge merge) {
			return merge.getTable();
		}
		if (statement instanceof Upsert upsert) {
			return upsert.getTable();
		}
		if (statement instanceof CreateTable create) {
			return create.getTable();
		}
		if (statement instanceof CreateIndex create) {
			return create.getTable();
		}
		if (statement instanceof Alter alter) {
			return alter.getTable();
		}
		if (statement instanceof Truncate truncate) {
			return truncate.getTable();
		}
		if (statement instanceof Drop drop && "TABLE".equalsIgnoreCase(drop.getType())) {
			return drop.getName();
		}
		return null;
	}

	private static @Nullable String fromSelect(Select select, @Nullable List<WithItem<?>> ctes, int depth) {
		if (depth > MAX_CTE_DEPTH) {
			return null;
		}
		if (select instanceof PlainSelect plain) {
			FromItem from = plain.getFromItem();
			if (from instanceof Table table) {
				WithItem<?> cte = findCte(ctes, table);
				return (cte != null) ? fromSelect(cte.getSelect(), ctes, depth + 1) : name(table);
			}
			if (from instanceof Select nested) {
				return fromSelect(nested, ctes, depth + 1);
			}
			return null;
		}
		if (select instanceof ParenthesedSelect parenthesed) {
			return fromSelect(parenthesed.getSelect(), ctes, depth + 1);
		}
		if (select instanceof SetOperationList union && !union.getSelects().isEmpty()) {
			return fromSelect(union.getSelects().get(0), ctes, depth + 1);
		}
		return null;
	}

	private static @Nullable WithItem<?> findCte(@Nullable List<WithItem<?>> ctes, Table table) {
		if (ctes == null || table.getSchemaName() != null) {
			return null;
		}
		for (WithItem<?> cte : ctes) {
			if (cte.getAlias() != null && cte.getAlias().getName().equalsIgnoreCase(table.getName())) {
				return cte;
			}
		}
		return null;
	}

	private static String name(Table table) {
		return SqlAnalyzer.unquote(table.getFullyQualifiedName());
	}

}
