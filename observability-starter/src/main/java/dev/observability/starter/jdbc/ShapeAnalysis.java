package dev.observability.starter.jdbc;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import net.sf.jsqlparser.statement.Statement;

/**
 * The analysis of one shape (SQL text without literals), shared by every text of that
 * shape: the lexical result at first, replaced by JSqlParser's more exact one once a
 * background thread has parsed the shape. The parser only ever sees the shape, so it
 * never holds a literal, and its output needs no second sanitizing pass.
 */
final class ShapeAnalysis implements Runnable {

	static final int LEXICAL = 0;

	static final int SCHEDULED = 1;

	static final int DONE = 2;

	private static final int PARSE_QUEUE_CAPACITY = 64;

	private static final AtomicIntegerFieldUpdater<ShapeAnalysis> STATE = AtomicIntegerFieldUpdater
		.newUpdater(ShapeAnalysis.class, "state");

	private volatile SqlAnalysis analysis;

	private final String shape;

	private final int weight;

	private volatile int state;

	/**
	 * Create the analysis of a shape.
	 * @param analysis the lexical result
	 * @param shape the shape, to parse later
	 * @param state {@link #LEXICAL} to parse it, {@link #DONE} never to
	 */
	ShapeAnalysis(SqlAnalysis analysis, String shape, int state) {
		this.analysis = analysis;
		this.shape = shape;
		this.state = state;
		this.weight = 256 + shape.length() + analysis.getSanitizedQuery().length();
	}

	SqlAnalysis analysis() {
		return this.analysis;
	}

	/**
	 * Estimated memory of this entry, in bytes, without its cache key.
	 * @return the weight
	 */
	int weight() {
		return this.weight;
	}

	/**
	 * Hand the shape to the parser unless it was already; a full queue leaves it for the
	 * next new text of this shape.
	 * @param parser where to parse
	 */
	void parseIfNeeded(Executor parser) {
		if (this.state == LEXICAL && STATE.compareAndSet(this, LEXICAL, SCHEDULED)) {
			try {
				parser.execute(this);
			}
			catch (RejectedExecutionException ex) {
				this.state = LEXICAL;
			}
		}
	}

	@Override
	public void run() {
		try {
			this.analysis = parsed(this.shape, this.analysis);
		}
		finally {
			this.state = DONE;
		}
	}

	/**
	 * Refine a lexical result with JSqlParser's reading of the shape: the table from the
	 * syntax tree, and the operation when the words alone could not tell it.
	 * @param shape the text without literals
	 * @param lexical the lexical result, kept when the parser cannot read the shape
	 * @return the refined analysis
	 */
	static SqlAnalysis parsed(String shape, SqlAnalysis lexical) {
		Statement statement;
		try {
			statement = SqlStatementParser.parse(shape);
		}
		catch (Exception | StackOverflowError ex) {
			return lexical;
		}
		String operation = lexical.getOperation();
		if (operation.equals(SqlWords.OTHER_OPERATION) || shape.regionMatches(true, 0, "WITH", 0, 4)) {
			String parsed = SqlStatementParser.operation(statement);
			operation = (parsed != null) ? parsed : operation;
		}
		return new SqlAnalysis(operation, SqlStatementParser.collection(statement), lexical.getSanitizedQuery());
	}

	/**
	 * One daemon thread with a bounded queue, which ends when idle; a full queue rejects.
	 * @return the executor
	 */
	static ThreadPoolExecutor parsingThread() {
		ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(PARSE_QUEUE_CAPACITY), (task) -> {
					Thread thread = new Thread(task, "observability-sql-parser");
					thread.setDaemon(true);
					return thread;
				}, new ThreadPoolExecutor.AbortPolicy());
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

}
