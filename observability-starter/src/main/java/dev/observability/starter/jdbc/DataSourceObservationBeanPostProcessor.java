package dev.observability.starter.jdbc;

import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.observation.ObservationRegistry;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.function.SingletonSupplier;

/**
 * Wraps every {@link DataSource} bean in a datasource-proxy {@link ProxyDataSource} whose
 * listener observes each statement; the bean keeps its own type (see
 * {@link TypePreservingDataSourceProxy}). The registry, analyzer and convention are
 * looked up on the first statement, so this post-processor creates no bean early. The
 * proxy forwards {@code unwrap} and {@code isWrapperFor}, so Boot still finds the pool
 * behind it (Hikari metrics, health).
 */
final class DataSourceObservationBeanPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<ObservationRegistry> registry;

	private final ObjectProvider<SqlAnalyzer> analyzer;

	private final ObjectProvider<JdbcObservationConvention> convention;

	DataSourceObservationBeanPostProcessor(ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<SqlAnalyzer> analyzer, ObjectProvider<JdbcObservationConvention> convention) {
		this.registry = registry;
		this.analyzer = analyzer;
		this.convention = convention;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof DataSource dataSource) || bean instanceof ProxyDataSource
				|| TypePreservingDataSourceProxy.isProxy(bean)) {
			return bean;
		}
		JdbcObservationListener listener = new JdbcObservationListener(beanName,
				SingletonSupplier.of(() -> this.registry.getIfAvailable(() -> ObservationRegistry.NOOP)),
				SingletonSupplier.of(() -> this.analyzer.getIfAvailable(SqlAnalyzer::new)),
				optional(SingletonSupplier.of(() -> Optional.ofNullable(this.convention.getIfUnique()))));
		ProxyDataSource observed = ProxyDataSourceBuilder.create(dataSource).name(beanName).listener(listener).build();
		return TypePreservingDataSourceProxy.wrap(dataSource, observed);
	}

	private static <T> Supplier<@Nullable T> optional(SingletonSupplier<Optional<T>> supplier) {
		return () -> supplier.obtain().orElse(null);
	}

}
