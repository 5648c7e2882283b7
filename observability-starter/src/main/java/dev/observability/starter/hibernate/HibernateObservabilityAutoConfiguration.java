package dev.observability.starter.hibernate;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.observability.starter.core.ConditionalOnObservabilityEnabled;
import dev.observability.starter.core.HookFailures;

/**
 * Hibernate ORM support: while Hibernate initialises a lazy collection or loads an
 * entity, the statements it runs are tagged with what is being loaded, such as
 * {@code Residence.tasks}; with {@code observability.hibernate.statistics.enabled},
 * cache, load and fetch counters read from Hibernate's statistics.
 */
@AutoConfiguration(afterName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@ConditionalOnClass({ EntityManagerFactory.class, SessionFactoryImplementor.class })
@ConditionalOnObservabilityEnabled("hibernate")
@EnableConfigurationProperties(HibernateObservabilityProperties.class)
public final class HibernateObservabilityAutoConfiguration {

	@Bean
	static FetchContextBeanPostProcessor hibernateFetchContextBeanPostProcessor(ObjectProvider<HookFailures> failures) {
		return new FetchContextBeanPostProcessor(failures);
	}

	@Bean
	@ConditionalOnBooleanProperty("observability.hibernate.statistics.enabled")
	HibernateStatisticsMeters hibernateStatisticsMeters(ListableBeanFactory beanFactory,
			ObjectProvider<MeterRegistry> registry, ObjectProvider<HookFailures> failures) {
		return new HibernateStatisticsMeters(beanFactory, registry,
				() -> failures.getIfAvailable(HookFailures::logOnly));
	}

}
