package dev.observability.starter.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Behind the {@link Statement}, {@code PreparedStatement} or {@code CallableStatement}
 * that an observed connection hands out. Only the calls that run SQL are recorded: the
 * {@code execute*} methods and {@code executeBatch} / {@code executeLargeBatch}, with
 * {@code addBatch} and {@code clearBatch} followed to know what a batch holds. Every
 * other call (binding parameters, reading results, closing) goes straight to the driver
 * with no other work than the reflective call, so binding a value costs no allocation
 * beyond the call's own arguments; a bound parameter is folded into a hash of the bind
 * values, which tells N+1 queries from repeated ones and never leaves the process.
 */
final class ObservedStatement implements InvocationHandler {

	private final Statement target;

	private final @Nullable String sql;

	private final Connection connection;

	private final StatementRecorder recorder;

	/** SQL added by {@code addBatch(String)}, or {@code null} while there is none. */
	private @Nullable List<String> batchTexts;

	/** Parameter sets added by {@code addBatch()}. */
	private int batchCount;

	/** Hash of the parameters bound since the last execution (see {@link BindHashes}). */
	private long binds;

	/** Hash of the parameter sets added to the batch. */
	private long batchBinds;

	/** Whether the next bound parameter starts a new set. */
	private boolean executed;

	/** What {@link StatementRecorder#start} recorded, for its {@code end}. */
	final StatementRecorder.Execution execution = new StatementRecorder.Execution();

	private ObservedStatement(Statement target, @Nullable String sql, Connection connection,
			StatementRecorder recorder) {
		this.target = target;
		this.sql = sql;
		this.connection = connection;
		this.recorder = recorder;
	}

	/**
	 * Wrap a statement the driver created.
	 * @param type the statement interface the connection method returns
	 * @param target the driver's statement
	 * @param sql the SQL it was prepared with, or {@code null} for a plain statement
	 * @param connection the observed connection it belongs to
	 * @param recorder records the statement's executions
	 * @return the observed statement
	 */
	static Statement wrap(Class<?> type, Statement target, @Nullable String sql, Connection connection,
			StatementRecorder recorder) {
		return (Statement) JdbcProxies.create(type, new ObservedStatement(target, sql, connection, recorder));
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
		switch (method.getName()) {
			case "execute", "executeQuery", "executeUpdate", "executeLargeUpdate" -> {
				String text = (args != null && args[0] instanceof String given) ? given : this.sql;
				if (text != null) {
					long binds = (text == this.sql) ? this.binds : 0;
					this.executed = true;
					Object[] sent = (text == this.sql) ? args
							: SqlComments.withComment(args, this.recorder.sqlComment());
					return record(method, sent, text, null, 0, BindHashes.execution(text, binds));
				}
			}
			case "executeBatch", "executeLargeBatch" -> {
				return executeBatch(method, args);
			}
			case "addBatch" -> {
				addBatch(args);
				return JdbcProxies.invoke(this.target, method,
						(args != null) ? SqlComments.withComment(args, this.recorder.sqlComment()) : null);
			}
			case "clearBatch" -> clearBatch();
			case "clearParameters" -> this.binds = 0;
			case "getConnection" -> {
				return this.connection;
			}
			case "equals" -> {
				return proxy == args[0];
			}
			case "hashCode" -> {
				return System.identityHashCode(proxy);
			}
			default -> {
				if (args != null && args.length >= 2 && method.getName().startsWith("set")) {
					bind(args);
				}
			}
		}
		return JdbcProxies.invoke(this.target, method, args);
	}

	/**
	 * Fold a {@code setXxx(index or name, value, ...)} call into the hash of the bound
	 * parameters. {@code Statement}'s own setters ({@code setFetchSize}, ...) take one
	 * argument, so every setter with two or more binds a parameter.
	 */
	private void bind(Object[] args) {
		Object parameter = args[0];
		if (parameter instanceof Integer || parameter instanceof String) {
			if (this.executed) {
				this.binds = 0;
				this.executed = false;
			}
			this.binds += BindHashes.parameter(parameter.hashCode(), args[1]);
		}
	}

	private void addBatch(@Nullable Object[] args) {
		if (args == null) {
			this.batchCount++;
			this.batchBinds += BindHashes.parameter(this.batchCount, this.binds);
			this.executed = true;
		}
		else if (args[0] instanceof String text) {
			if (this.batchTexts == null) {
				this.batchTexts = new ArrayList<>();
			}
			this.batchTexts.add(text);
		}
	}

	private void clearBatch() {
		this.batchTexts = null;
		this.batchCount = 0;
		this.batchBinds = 0;
	}

	private @Nullable Object executeBatch(Method method, @Nullable Object[] args) throws Throwable {
		List<String> texts = this.batchTexts;
		int count = this.batchCount;
		long binds = this.batchBinds;
		// the driver empties its batch when it runs it, whatever the outcome
		clearBatch();
		if (texts != null) {
			return record(method, args, null, texts, texts.size(), texts.hashCode());
		}
		if (count > 0 && this.sql != null) {
			return record(method, args, this.sql, null, count, BindHashes.execution(this.sql, binds));
		}
		return JdbcProxies.invoke(this.target, method, args);
	}

	private @Nullable Object record(Method method, @Nullable Object[] args, @Nullable String text,
			@Nullable List<String> texts, int batchSize, long bindHash) throws Throwable {
		boolean started = this.recorder.start(this.execution, this.target, text, texts, batchSize, bindHash);
		Throwable failure = null;
		try {
			return JdbcProxies.invoke(this.target, method, args);
		}
		catch (Throwable ex) {
			failure = ex;
			throw ex;
		}
		finally {
			if (started) {
				this.recorder.end(this.execution, failure);
			}
		}
	}

}
