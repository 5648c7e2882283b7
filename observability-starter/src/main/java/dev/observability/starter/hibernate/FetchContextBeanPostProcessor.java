package dev.observability.starter.hibernate;

import java.util.function.Supplier;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.function.SingletonSupplier;

import dev.observability.starter.core.HookFailures;

/**
 * Installs the {@link FetchContextListeners} in the Hibernate session factory behind
 * every {@link EntityManagerFactory} bean, once the bean is ready and before anything
 * uses it. The bean itself is returned unchanged. A factory of another JPA provider is
 * left alone; a failure while installing is recorded and Hibernate keeps its own
 * listeners.
 */
final class FetchContextBeanPostProcessor implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(FetchContextBeanPostProcessor.class);

	private final Supplier<HookFailures> failures;

	FetchContextBeanPostProcessor(ObjectProvider<HookFailures> failures) {
		this.failures = SingletonSupplier.of(() -> failures.getIfAvailable(HookFailures::logOnly));
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof EntityManagerFactory entityManagerFactory) {
			install(entityManagerFactory, beanName);
		}
		return bean;
	}

	private void install(EntityManagerFactory entityManagerFactory, String beanName) {
		SessionFactoryImplementor sessionFactory;
		try {
			sessionFactory = entityManagerFactory.unwrap(SessionFactoryImplementor.class);
		}
		catch (PersistenceException ex) {
			logger.debug("EntityManagerFactory bean '" + beanName + "' is not Hibernate's; fetches are not tagged");
			return;
		}
		try {
			EventListenerRegistry registry = sessionFactory.getEventListenerRegistry();
			FetchContextListeners.install(registry, this.failures);
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.get().record(FetchContextListeners.HOOK, ex);
		}
	}

}
