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
 * beyond the call's own arguments.
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
					return record(method, args, text, null, 0);
				}
			}
			case "executeBatch", "executeLargeBatch" -> {
				return executeBatch(method, args);
			}
			case "addBatch" -> addBatch(args);
			case "clearBatch" -> clearBatch();
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
			}
		}
		return JdbcProxies.invoke(this.target, method, args);
	}

	private void addBatch(@Nullable Object[] args) {
		if (args == null) {
			this.batchCount++;
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
	}

	private @Nullable Object executeBatch(Method method, @Nullable Object[] args) throws Throwable {
		List<String> texts = this.batchTexts;
		int count = this.batchCount;
		// the driver empties its batch when it runs it, whatever the outcome
		clearBatch();
		if (texts != null) {
			return record(method, args, null, texts, texts.size());
		}
		if (count > 0 && this.sql != null) {
			return record(method, args, this.sql, null, count);
		}
		return JdbcProxies.invoke(this.target, method, args);
	}

	private @Nullable Object record(Method method, @Nullable Object[] args, @Nullable String text,
			@Nullable List<String> texts, int batchSize) throws Throwable {
		Object started = this.recorder.start(this.target, text, texts, batchSize);
		Throwable failure = null;
		try {
			return JdbcProxies.invoke(this.target, method, args);
		}
		catch (Throwable ex) {
			failure = ex;
			throw ex;
		}
		finally {
			this.recorder.end(started, failure);
		}
	}

}
