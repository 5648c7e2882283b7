package dev.observability.starter.hibernate;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.observability.starter.core.CapturedSpansConfiguration;
import dev.observability.starter.core.CapturedSpansConfiguration.CapturedSpans;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.core.UnitOfWork;
import dev.observability.starter.hibernate.jpa.Owner;
import dev.observability.starter.hibernate.jpa.Owners;
import dev.observability.starter.core.QueryFinding;
import dev.observability.starter.core.QueryFindingListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lazy collection walked in a loop, on Boot's production wiring: its statements carry
 * the collection's role, and the unit of work reports one N+1 on that role, which a fetch
 * join avoids.
 */
class HibernateQueryFindingsTests {

	private static final AttributeKey<String> ASSOCIATION = AttributeKey.stringKey("orm.association");

	@Test
	void lazyCollectionWalkedInALoopIsAnNPlusOneOnItsRole() {
		run((app) -> {
			List<QueryFinding> findings = app.inUnit((entityManager) -> {
				for (Owner owner : entityManager.createQuery("select o from Owner o", Owner.class).getResultList()) {
					assertThat(owner.getItems()).hasSize(2);
				}
			});
			assertThat(findings).singleElement().satisfies((finding) -> {
				assertThat(finding.getKind()).isEqualTo(QueryFinding.Kind.N_PLUS_ONE);
				assertThat(finding.getAssociation()).isEqualTo("Owner.items");
				assertThat(finding.getCount()).isEqualTo(6);
				assertThat(finding.getCollection()).isEqualTo("item");
				assertThat(finding.getCodeLocation())
					.startsWith(HibernateQueryFindingsTests.class.getName() + ".lambda$");
			});
			List<SpanData> statements = app.spans.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getName().startsWith("SELECT"))
				.toList();
			assertThat(statements).extracting((span) -> span.getAttributes().get(ASSOCIATION))
				.containsExactly(null, "Owner.items", "Owner.items", "Owner.items", "Owner.items", "Owner.items",
						"Owner.items");
		});
	}

	@Test
	void fetchJoinLoadsTheSameDataWithNoFinding() {
		run((app) -> assertThat(app.inUnit((entityManager) -> {
			for (Owner owner : entityManager
				.createQuery("select distinct o from Owner o join fetch o.items", Owner.class)
				.getResultList()) {
				assertThat(owner.getItems()).hasSize(2);
			}
		})).isEmpty());
	}

	private void run(Consumer<App> test) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(FindingsApplication.class)
			.web(WebApplicationType.NONE)
			.run("--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID(),
					"--management.tracing.sampling.probability=1.0", "--spring.main.banner-mode=off",
					"--management.otlp.metrics.export.enabled=false", "--spring.jpa.hibernate.ddl-auto=create-drop",
					"--spring.jpa.open-in-view=false")) {
			App app = new App(context);
			app.withEntityManager((entityManager) -> {
				Owners.store(entityManager, 6);
			});
			app.spans.reset();
			test.accept(app);
		}
	}

	private static final class App {

		private final ConfigurableApplicationContext context;

		private final InMemorySpanExporter spans;

		App(ConfigurableApplicationContext context) {
			this.context = context;
			this.spans = context.getBean(CapturedSpans.class).exporter();
		}

		void withEntityManager(Consumer<EntityManager> work) {
			EntityManager entityManager = this.context.getBean(EntityManagerFactory.class).createEntityManager();
			try {
				work.accept(entityManager);
			}
			finally {
				entityManager.close();
			}
		}

		List<QueryFinding> inUnit(Consumer<EntityManager> work) {
			List<QueryFinding> findings = this.context.getBean(RecordingListener.class).findings;
			findings.clear();
			Observation.createNotStarted("unit", this.context.getBean(ObservationRegistry.class)).observe(() -> {
				UnitOfWork unit = UnitOfWork.open("test", "unit", "unit", Span.current());
				try {
					withEntityManager(work);
				}
				finally {
					unit.close(this.context.getBean(HookFailures.class));
				}
			});
			return List.copyOf(findings);
		}

	}

	static final class RecordingListener implements QueryFindingListener {

		final List<QueryFinding> findings = new CopyOnWriteArrayList<>();

		@Override
		public void onFinding(QueryFinding finding) {
			this.findings.add(finding);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EntityScan(basePackageClasses = Owner.class)
	@Import(CapturedSpansConfiguration.class)
	static class FindingsApplication {

		@Bean
		RecordingListener recordingListener() {
			return new RecordingListener();
		}

	}

}
