package dev.observability.starter.jdbc;

import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.observability.starter.jdbc.jpa.Chore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statements Hibernate runs through the DataSource are observed like any other.
 */
class HibernateJdbcObservationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				JdbcObservabilityAutoConfiguration.class))
		.withUserConfiguration(EntityConfiguration.class)
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:hibernate", "spring.jpa.hibernate.ddl-auto=create-drop");

	private final TestTelemetry telemetry = new TestTelemetry();

	@Test
	void hibernateInsertAndQueryBecomeStatementSpans() {
		this.runner.withBean(ObservationRegistry.class, () -> this.telemetry.observations)
			.withBean(SimpleMeterRegistry.class, () -> this.telemetry.meters)
			.run((context) -> {
				this.telemetry.spans.reset();
				EntityManager entityManager = context.getBean(EntityManagerFactory.class).createEntityManager();
				try {
					entityManager.getTransaction().begin();
					entityManager.persist(new Chore(1L, "water the plants"));
					entityManager.getTransaction().commit();
					entityManager.clear();
					List<Chore> chores = entityManager
						.createQuery("select c from Chore c where c.title = 'water the plants'", Chore.class)
						.getResultList();
					assertThat(chores).extracting(Chore::getTitle).containsExactly("water the plants");
				}
				finally {
					entityManager.close();
				}
				List<SpanData> spans = this.telemetry.finishedSpans();
				assertThat(TestTelemetry.names(spans)).containsExactly("INSERT chore", "SELECT chore");
				assertThat(TestTelemetry.attributes(spans.get(1)).get("db.query.text"))
					.isEqualTo("select c1_0.id,c1_0.title from chore c1_0 where c1_0.title=?")
					.doesNotContain("water");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Chore.class)
	static class EntityConfiguration {

	}

}
