package dev.observability.starter.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.Statement;

import org.jspecify.annotations.Nullable;

/**
 * Behind the {@link Connection} an observed DataSource hands out: the statements it
 * creates ({@code createStatement}, {@code prepareStatement}, {@code prepareCall}) are
 * wrapped in {@link ObservedStatement}; every other call goes straight to the driver's
 * (or pool's) connection. {@code unwrap} and {@code isWrapperFor} are answered by that
 * connection, so code that reaches for the driver's own class still gets it. With
 * {@code observability.jdbc.sql-comment} the SQL handed to the driver ends with the trace
 * context (see {@link SqlComments}); the statement keeps the application's text.
 */
final class ObservedConnection implements InvocationHandler {

	private final Connection target;

	private final StatementRecorder recorder;

	private ObservedConnection(Connection target, StatementRecorder recorder) {
		this.target = target;
		this.recorder = recorder;
	}

	/**
	 * Wrap a connection so that the statements it creates are recorded.
	 * @param target the pool's or driver's connection
	 * @param recorder records the statements
	 * @return the observed connection, or {@code target} when it cannot be wrapped
	 */
	static Connection wrap(Connection target, StatementRecorder recorder) {
		try {
			return (Connection) JdbcProxies.create(Connection.class, new ObservedConnection(target, recorder));
		}
		catch (RuntimeException | LinkageError ex) {
			recorder.failures().record(StatementRecorder.HOOK, ex);
			return target;
		}
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
		switch (method.getName()) {
			case "createStatement" -> {
				return statement(proxy, method, args, null);
			}
			case "prepareStatement", "prepareCall" -> {
				return statement(proxy, method, SqlComments.withComment(args, this.recorder.sqlComment()),
						(String) args[0]);
			}
			case "equals" -> {
				return proxy == args[0];
			}
			case "hashCode" -> {
				return System.identityHashCode(proxy);
			}
			default -> {
				return JdbcProxies.invoke(this.target, method, args);
			}
		}
	}

	private Object statement(Object proxy, Method method, @Nullable Object[] args, @Nullable String sql)
			throws Throwable {
		Statement statement = (Statement) JdbcProxies.invoke(this.target, method, args);
		if (statement == null) {
			return null;
		}
		try {
			return ObservedStatement.wrap(method.getReturnType(), statement, sql, (Connection) proxy, this.recorder);
		}
		catch (RuntimeException | LinkageError ex) {
			this.recorder.failures().record(StatementRecorder.HOOK, ex);
			return statement;
		}
	}

}
