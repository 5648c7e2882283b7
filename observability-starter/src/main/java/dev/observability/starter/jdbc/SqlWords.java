package dev.observability.starter.jdbc;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Operation and main table of a statement guessed from its words alone (identifiers and
 * keywords outside literals and comments, with their parenthesis depth), for SQL the
 * parser cannot read. The operation is the first keyword (the statement's keyword after a
 * {@code WITH} clause), from a fixed list so that it stays low-cardinality; the table is
 * the first name after {@code FROM}, {@code INTO}, {@code UPDATE} or {@code TABLE}.
 */
final class SqlWords {

	private static final Set<String> OPERATIONS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT",
			"REPLACE", "CALL", "EXEC", "EXECUTE", "CREATE", "ALTER", "DROP", "TRUNCATE", "VALUES", "SET", "SHOW",
			"BEGIN", "START", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "GRANT", "REVOKE", "LOCK", "EXPLAIN",
			"ANALYZE", "VACUUM", "COPY", "DECLARE", "FETCH", "CLOSE", "PREPARE", "DEALLOCATE", "USE", "COMMENT",
			"REFRESH", "LISTEN", "NOTIFY", "DO", "RENAME");

	private static final Set<String> DML_AFTER_CTE = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE");

	private static final Set<String> SKIPPED_BEFORE_TABLE = Set.of("IF", "NOT", "EXISTS", "ONLY", "IGNORE",
			"LOW_PRIORITY", "TOP", "TEMPORARY", "TEMP", "UNLOGGED", "GLOBAL", "LOCAL");

	/** Operation reported when the statement's first word is no known SQL keyword. */
	static final String OTHER_OPERATION = "OTHER";

	private final List<String> words;

	private final int[] depths;

	/**
	 * Words of one statement.
	 * @param words the words, in order
	 * @param depths the parenthesis depth of each word, at the same index
	 */
	SqlWords(List<String> words, int[] depths) {
		this.words = words;
		this.depths = depths;
	}

	String operation() {
		if (this.words.isEmpty()) {
			return OTHER_OPERATION;
		}
		String first = this.words.get(0).toUpperCase(Locale.ROOT);
		if (first.equals("WITH")) {
			for (int i = 1; i < this.words.size(); i++) {
				String word = this.words.get(i).toUpperCase(Locale.ROOT);
				if (this.depths[i] == this.depths[0] && DML_AFTER_CTE.contains(word)) {
					return word;
				}
			}
			return OTHER_OPERATION;
		}
		return OPERATIONS.contains(first) ? first : OTHER_OPERATION;
	}

	@Nullable String collection(String operation) {
		if (this.words.isEmpty() || this.words.get(0).equalsIgnoreCase("WITH")) {
			return null;
		}
		String marker = switch (operation) {
			case "SELECT", "DELETE" -> "FROM";
			case "INSERT", "REPLACE", "MERGE", "UPSERT" -> "INTO";
			case "UPDATE" -> "UPDATE";
			case "CREATE", "ALTER", "DROP", "TRUNCATE" -> "TABLE";
			default -> null;
		};
		if (marker == null) {
			return null;
		}
		for (int i = 0; i < this.words.size(); i++) {
			if (this.words.get(i).equalsIgnoreCase(marker)) {
				return nameAfter(i + 1, this.depths[i]);
			}
		}
		return operation.equals("TRUNCATE") ? nameAfter(1, this.depths[0]) : null;
	}

	private @Nullable String nameAfter(int index, int markerDepth) {
		for (int i = index; i < this.words.size(); i++) {
			String word = this.words.get(i);
			if (this.depths[i] != markerDepth) {
				return null;
			}
			if (!SKIPPED_BEFORE_TABLE.contains(word.toUpperCase(Locale.ROOT))) {
				return SqlAnalyzer.unquote(word);
			}
		}
		return null;
	}

}
