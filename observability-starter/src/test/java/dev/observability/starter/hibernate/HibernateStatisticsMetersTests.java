package dev.observability.starter.hibernate;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.observability.starter.hibernate.jpa.Item;
import dev.observability.starter.hibernate.jpa.Owner;
import dev.observability.starter.hibernate.jpa.Owners;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counters read from Hibernate's statistics, on Boot's production wiring: per entity and
 * per collection role, tagged with the short names fetch spans use, and only when asked
 * for.
 */
class HibernateStatisticsMetersTests {

	@Test
	void lazyCollectionsWalkedInALoopShowAsFetchesOfTheirRole() {
		run((context) -> {
			withEntityManager(context, (entityManager) -> {
				for (Owner owner : entityManager.createQuery("select o from Owner o", Owner.class).getResultList()) {
					assertThat(owner.getItems()).hasSize(2);
				}
			});
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("hibernate.collection.fetches")
				.tag("role", "Owner.items")
				.tag("entity_manager_factory", "entityManagerFactory")
				.functionCounter()
				.count()).isEqualTo(4);
			assertThat(meters.get("hibernate.collection.loads").tag("role", "Owner.items").functionCounter().count())
				.isEqualTo(4);
			assertThat(meters.get("hibernate.entity.loads").tag("entity", "Owner").functionCounter().count())
				.isEqualTo(4);
			assertThat(meters.get("hibernate.entity.loads").tag("entity", "Item").functionCounter().count())
				.isEqualTo(8);
			assertThat(meters.get("hibernate.query.cache.requests").tag("result", "miss").functionCounter().count())
				.isZero();
			assertThat(meters.get("hibernate.query.cache.puts").functionCounter()).isNotNull();
		}, "--observability.hibernate.statistics.enabled=true");
	}

	@Test
	void noHibernateMeterUnlessStatisticsAreAskedFor() {
		run((context) -> {
			withEntityManager(context,
					(entityManager) -> entityManager.createQuery("select o from Owner o", Owner.class).getResultList());
			List<String> names = context.getBean(MeterRegistry.class)
				.getMeters()
				.stream()
				.map(Meter::getId)
				.map(Meter.Id::getName)
				.toList();
			assertThat(names).noneMatch((name) -> name.startsWith("hibernate."));
			assertThat(context.getBean(EntityManagerFactory.class)
				.unwrap(org.hibernate.SessionFactory.class)
				.getStatistics()
				.isStatisticsEnabled()).isFalse();
		});
	}

	private static void run(Consumer<ConfigurableApplicationContext> test, String... extra) {
		List<String> args = new java.util.ArrayList<>(
				List.of("--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID(), "--spring.main.banner-mode=off",
						"--management.otlp.metrics.export.enabled=false", "--spring.jpa.hibernate.ddl-auto=create-drop",
						"--spring.jpa.open-in-view=false"));
		args.addAll(List.of(extra));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(StatisticsApplication.class)
			.web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new))) {
			withEntityManager(context, (entityManager) -> {
				Owners.store(entityManager, 4);
			});
			test.accept(context);
		}
	}

	private static void withEntityManager(ConfigurableApplicationContext context, Consumer<EntityManager> work) {
		EntityManager entityManager = context.getBean(EntityManagerFactory.class).createEntityManager();
		try {
			work.accept(entityManager);
		}
		finally {
			entityManager.close();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EntityScan(basePackageClasses = Owner.class)
	static class StatisticsApplication {

	}

}
