package dev.observability.starter.hibernate;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import dev.observability.starter.core.ConditionalOnObservabilityEnabled;
import dev.observability.starter.core.HookFailures;

/**
 * Hibernate ORM support: while Hibernate initialises a lazy collection or loads an
 * entity, the statements it runs are tagged with what is being loaded, such as
 * {@code Residence.tasks}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@ConditionalOnClass({ EntityManagerFactory.class, SessionFactoryImplementor.class })
@ConditionalOnObservabilityEnabled("hibernate")
public final class HibernateObservabilityAutoConfiguration {

	@Bean
	static FetchContextBeanPostProcessor hibernateFetchContextBeanPostProcessor(ObjectProvider<HookFailures> failures) {
		return new FetchContextBeanPostProcessor(failures);
	}

}
