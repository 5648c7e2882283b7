package dev.observability.starter.jdbc;

import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.function.SingletonSupplier;

import dev.observability.starter.core.QueryFindingListener;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.LeanPathDecision;
import dev.observability.starter.core.ObservabilityProperties;

/**
 * Wraps every {@link DataSource} bean in an {@link ObservedDataSource} whose connections
 * record each statement; the bean keeps its own type (see
 * {@link TypePreservingDataSourceProxy}). What the listeners need is looked up once, on
 * the first statement, so this post-processor creates no bean early. The wrapper forwards
 * {@code unwrap} and {@code isWrapperFor}, so Boot still finds the pool behind it (Hikari
 * metrics, health).
 */
final class DataSourceObservationBeanPostProcessor implements BeanPostProcessor {

	private final Supplier<JdbcInstrumentation> instrumentation;

	DataSourceObservationBeanPostProcessor(ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<SqlAnalyzer> analyzer, ObjectProvider<JdbcObservationConvention> convention,
			ObjectProvider<HookFailures> failures, ObjectProvider<Tracer> tracer,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<JdbcObservabilityProperties> properties,
			ObjectProvider<ObservabilityProperties> globalProperties,
			ObjectProvider<QueryFindingListener> findingListeners) {
		this.instrumentation = SingletonSupplier.of(() -> {
			JdbcObservabilityProperties jdbc = properties.getIfAvailable(JdbcObservabilityProperties::new);
			return new JdbcInstrumentation(registry.getIfAvailable(() -> ObservationRegistry.NOOP),
					failures.getIfAvailable(HookFailures::logOnly),
					analyzer.getIfAvailable(
							() -> new SqlAnalyzer(jdbc.getAnalysisCacheSize(), jdbc.getMaxQueryTextLength())),
					convention.getIfUnique(), tracer.getIfUnique(), meterRegistry.getIfUnique(), jdbc,
					globalProperties.getIfAvailable(ObservabilityProperties::new).isRecordExceptionMessages(),
					findingListeners.orderedStream().toList());
		});
	}

	/**
	 * The path statements take, decided on first use.
	 * @return the path
	 */
	LeanPathDecision.Path path() {
		return decision().getPath();
	}

	/**
	 * Which path statements take and why, decided on first use.
	 * @return the decision
	 */
	LeanPathDecision decision() {
		return this.instrumentation.get().decision;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof DataSource dataSource) || bean instanceof ObservedDataSource
				|| TypePreservingDataSourceProxy.isProxy(bean)) {
			return bean;
		}
		StatementRecorder recorder = new StatementRecorder(beanName, dataSource, this.instrumentation);
		return TypePreservingDataSourceProxy.wrap(dataSource, new ObservedDataSource(dataSource, recorder));
	}

}
