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
import org.springframework.aop.framework.ProxyFactory;

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
			factory.addAdvice(new ObservedConnections(observed));
			return (DataSource) factory.getProxy(original.getClass().getClassLoader());
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
	 * Routes {@code getConnection} calls to the observing DataSource.
	 */
	private record ObservedConnections(DataSource observed) implements MethodInterceptor {

		@Override
		public Object invoke(MethodInvocation invocation) throws Throwable {
			if (!"getConnection".equals(invocation.getMethod().getName())
					|| invocation.getMethod().getReturnType() != Connection.class) {
				return invocation.proceed();
			}
			Object[] arguments = invocation.getArguments();
			return (arguments.length == 0) ? this.observed.getConnection()
					: this.observed.getConnection((String) arguments[0], (String) arguments[1]);
		}

	}

}
