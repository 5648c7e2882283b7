package dev.observability.starter.jdbc;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

import org.jspecify.annotations.Nullable;

/**
 * The JDK proxies behind observed connections and statements. Their classes are made
 * once, so wrapping an object costs one small allocation and a constructor call; calls
 * reach the driver through {@link Method#invoke}, with the driver's exceptions rethrown
 * unchanged.
 */
final class JdbcProxies {

	private static final Constructor<?> CONNECTION = constructor(Connection.class);

	private static final Constructor<?> STATEMENT = constructor(Statement.class);

	private static final Constructor<?> PREPARED_STATEMENT = constructor(PreparedStatement.class);

	private static final Constructor<?> CALLABLE_STATEMENT = constructor(CallableStatement.class);

	private JdbcProxies() {
	}

	/**
	 * Create a proxy of one JDBC interface.
	 * @param type {@link Connection}, {@link Statement}, {@link PreparedStatement} or
	 * {@link CallableStatement}
	 * @param handler answers every call
	 * @return the proxy
	 */
	static Object create(Class<?> type, InvocationHandler handler) {
		Constructor<?> constructor;
		if (type == Connection.class) {
			constructor = CONNECTION;
		}
		else if (type == PreparedStatement.class) {
			constructor = PREPARED_STATEMENT;
		}
		else if (type == CallableStatement.class) {
			constructor = CALLABLE_STATEMENT;
		}
		else if (type == Statement.class) {
			constructor = STATEMENT;
		}
		else {
			throw new IllegalArgumentException("Not a JDBC connection or statement interface: " + type.getName());
		}
		try {
			return constructor.newInstance(handler);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot create a proxy of " + type.getName(), ex);
		}
	}

	/**
	 * Call the driver's method.
	 * @param target the driver's object
	 * @param method the interface method the proxy received
	 * @param args the call's arguments
	 * @return what the driver returned
	 * @throws Throwable what the driver threw
	 */
	static @Nullable Object invoke(Object target, Method method, @Nullable Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private static Constructor<?> constructor(Class<?> type) {
		Class<?> proxyClass = Proxy
			.newProxyInstance(JdbcProxies.class.getClassLoader(), new Class<?>[] { type },
					(proxy, method, args) -> null)
			.getClass();
		try {
			return proxyClass.getConstructor(InvocationHandler.class);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException("JDK proxy class without its handler constructor", ex);
		}
	}

}
