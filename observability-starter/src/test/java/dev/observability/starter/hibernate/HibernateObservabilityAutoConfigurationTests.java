package dev.observability.starter.hibernate;

import java.lang.reflect.Proxy;
import java.util.function.Function;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.observability.starter.core.HookFailures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HibernateObservabilityAutoConfiguration}.
 */
class HibernateObservabilityAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HibernateObservabilityAutoConfiguration.class))
		.withBean(HookFailures.class, HookFailures::logOnly);

	@Test
	void registersThePostProcessor() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(FetchContextBeanPostProcessor.class));
	}

	@Test
	void backsOffWhenHibernateSupportIsSwitchedOff() {
		this.runner.withPropertyValues("observability.hibernate.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FetchContextBeanPostProcessor.class));
	}

	@Test
	void backsOffWhenObservabilityIsSwitchedOff() {
		this.runner.withPropertyValues("observability.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FetchContextBeanPostProcessor.class));
	}

	@Test
	void hibernateSwitchWinsOverTheGlobalSwitch() {
		this.runner.withPropertyValues("observability.enabled=false", "observability.hibernate.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(FetchContextBeanPostProcessor.class));
	}

	@Test
	void backsOffWhenHibernateIsMissing() {
		this.runner.withClassLoader(new FilteredClassLoader("org.hibernate"))
			.run((context) -> assertThat(context).doesNotHaveBean(FetchContextBeanPostProcessor.class));
	}

	@Test
	void failureToInstallIsRecordedAndTheContextStarts() {
		SessionFactoryImplementor broken = proxy(SessionFactoryImplementor.class, (method) -> {
			throw new IllegalStateException("no listener registry");
		});
		this.runner.withBean(EntityManagerFactory.class, () -> entityManagerFactory(broken)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(HookFailures.class).count(FetchContextListeners.HOOK)).isOne();
		});
	}

	@Test
	void entityManagerFactoryOfAnotherProviderIsLeftAlone() {
		this.runner.withBean(EntityManagerFactory.class, () -> entityManagerFactory(null)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(HookFailures.class).count(FetchContextListeners.HOOK)).isZero();
		});
	}

	private static EntityManagerFactory entityManagerFactory(SessionFactoryImplementor sessionFactory) {
		return proxy(EntityManagerFactory.class, (method) -> {
			if (!method.equals("unwrap")) {
				return null;
			}
			if (sessionFactory == null) {
				throw new PersistenceException("not Hibernate");
			}
			return sessionFactory;
		});
	}

	private static <T> T proxy(Class<T> type, Function<String, Object> answer) {
		Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
				(instance, method, args) -> switch (method.getName()) {
					case "hashCode" -> System.identityHashCode(instance);
					case "equals" -> instance == args[0];
					case "toString" -> type.getSimpleName();
					default -> answer.apply(method.getName());
				});
		return type.cast(proxy);
	}

}
