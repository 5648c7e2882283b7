package dev.observability.starter.jdbc;

import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.util.Arrays;

import javax.sql.DataSource;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.util.ReflectionUtils;

/**
 * Keeps an observed DataSource bean of its own type. {@link ObservedDataSource} only
 * implements {@link DataSource}, so an application that injects {@code HikariDataSource}
 * (or calls its pool methods) would fail to start once the bean is wrapped. Instead, the
 * bean becomes a class-based proxy of the original that answers every method from the
 * original except {@code getConnection}, which goes through the observing DataSource.
 * Where the class cannot be subclassed (final, or the proxy cannot be generated), the
 * observing DataSource itself is used.
 */
final class TypePreservingDataSourceProxy {

	private static final Log logger = LogFactory.getLog(TypePreservingDataSourceProxy.class);

	private TypePreservingDataSourceProxy() {
	}

	static DataSource wrap(DataSource original, DataSource observed) {
		if (Modifier.isFinal(original.getClass().getModifiers())) {
			return observed;
		}
		try {
			ProxyFactory factory = new ProxyFactory(original);
			factory.setProxyTargetClass(true);
			ObservedConnections connections = new ObservedConnections(original, observed);
			factory.addAdvice(connections);
			DataSource proxy = (DataSource) factory.getProxy(original.getClass().getClassLoader());
			connections.mirror(proxy);
			return proxy;
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Cannot proxy " + original.getClass().getName() + " by class; the observed "
					+ "DataSource bean is a plain javax.sql.DataSource", ex);
			return observed;
		}
	}

	static boolean isProxy(Object bean) {
		return bean instanceof Advised advised && Arrays.stream(advised.getAdvisors())
			.anyMatch((advisor) -> advisor.getAdvice() instanceof ObservedConnections);
	}

	/**
	 * Routes {@code getConnection} calls to the observing DataSource, and keeps the
	 * proxy's own fields a copy of the original's. Every call the proxy receives is
	 * answered by the original, but code that reads the bean's fields directly sees the
	 * proxy's: Boot's {@code HikariDataSourcePoolMetadata} reads Hikari's {@code pool}
	 * field that way (for {@code jdbc.connections.active} and {@code .idle}), and a pool
	 * creates that field on its first connection. So the fields are copied when the proxy
	 * is made and again after the first connection it hands out. Final fields are not
	 * copied; they are set by the constructor, which a class-based proxy skips.
	 */
	private static final class ObservedConnections implements MethodInterceptor {

		private final DataSource original;

		private final DataSource observed;

		private volatile boolean mirroredAfterFirstConnection;

		ObservedConnections(DataSource original, DataSource observed) {
			this.original = original;
			this.observed = observed;
		}

		@Override
		public Object invoke(MethodInvocation invocation) throws Throwable {
			if (!"getConnection".equals(invocation.getMethod().getName())
					|| invocation.getMethod().getReturnType() != Connection.class) {
				return invocation.proceed();
			}
			Object[] arguments = invocation.getArguments();
			Connection connection = (arguments.length == 0) ? this.observed.getConnection()
					: this.observed.getConnection((String) arguments[0], (String) arguments[1]);
			if (!this.mirroredAfterFirstConnection && invocation instanceof ProxyMethodInvocation proxied) {
				this.mirroredAfterFirstConnection = true;
				mirror(proxied.getProxy());
			}
			return connection;
		}

		void mirror(Object proxy) {
			try {
				ReflectionUtils.shallowCopyFieldState(this.original, proxy);
			}
			catch (RuntimeException | LinkageError ex) {
				logger.debug("Cannot copy the fields of " + this.original.getClass().getName()
						+ " into its proxy; code that reads them directly sees empty values", ex);
			}
		}

	}

}
