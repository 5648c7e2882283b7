package dev.observability.starter.hibernate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.observability.starter.core.FetchContext;
import dev.observability.starter.core.HookFailures;
import dev.observability.starter.hibernate.FetchContextListeners.CollectionListener;
import dev.observability.starter.hibernate.FetchContextListeners.LoadListener;
import dev.observability.starter.hibernate.jpa.Item;
import dev.observability.starter.hibernate.jpa.Note;
import dev.observability.starter.hibernate.jpa.Owner;
import dev.observability.starter.hibernate.jpa.Owners;
import dev.observability.starter.jdbc.JdbcObservabilityAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What {@link FetchContext} says while Hibernate runs each statement, with Boot's real
 * JPA wiring on H2. A Hibernate {@link StatementInspector} notes the value when each
 * statement is prepared, which is inside the fetch that runs it.
 */
class HibernateFetchContextTests {

	private final Statements statements = new Statements();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				JdbcObservabilityAutoConfiguration.class, HibernateObservabilityAutoConfiguration.class))
		.withUserConfiguration(EntityConfiguration.class)
		.withBean(HibernatePropertiesCustomizer.class,
				() -> (properties) -> properties.put(AvailableSettings.STATEMENT_INSPECTOR, this.statements))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:hibernate-fetch",
				"spring.jpa.hibernate.ddl-auto=create-drop");

	@AfterEach
	void clearFetchContext() {
		FetchContext.restore(null);
	}

	@Test
	void everyStatementThatInitialisesALazyCollectionIsTaggedWithItsRole() {
		this.runner.run((context) -> withOwners(context, (entityManager) -> {
			List<Owner> owners = entityManager.createQuery("select o from Owner o order by o.id", Owner.class)
				.getResultList();
			for (Owner owner : owners) {
				assertThat(owner.getItems()).hasSize(2);
			}
		}));
		assertThat(this.statements.seen).extracting(Statement::association)
			.containsExactly(null, "Owner.items", "Owner.items", "Owner.items");
		assertThat(this.statements.seen.get(0).sql())
			.isEqualTo("select o1_0.id,o1_0.name from owner o1_0 order by o1_0.id");
		assertThat(this.statements.seen.subList(1, 4)).extracting(Statement::sql)
			.containsOnly("select i1_0.owner_id,i1_0.id,i1_0.name from item i1_0 where i1_0.owner_id=?");
	}

	@Test
	void initialisingALazyToOneProxyTagsItsStatementWithTheEntity() {
		this.runner.run((context) -> withOwners(context, (entityManager) -> {
			Item item = entityManager.createQuery("select i from Item i where i.id = 11", Item.class).getSingleResult();
			this.statements.seen.clear();
			assertThat(item.getOwner().getName()).isEqualTo("owner 1");
		}));
		assertThat(this.statements.seen).extracting(Statement::association).containsExactly("Owner");
	}

	@Test
	void findTagsItsStatementWithTheEntity() {
		this.runner.run((context) -> withOwners(context,
				(entityManager) -> assertThat(entityManager.find(Owner.class, 2L).getName()).isEqualTo("owner 2")));
		assertThat(this.statements.seen).extracting(Statement::association).containsExactly("Owner");
	}

	@Test
	void eagerToOneLoadsAfterAQueryAreTaggedWithTheEntity() {
		this.runner.run((context) -> withOwners(context, (entityManager) -> {
			List<Note> notes = entityManager.createQuery("select n from Note n order by n.id", Note.class)
				.getResultList();
			assertThat(notes).extracting((note) -> note.getOwner().getName())
				.containsExactly("owner 1", "owner 2", "owner 3");
		}));
		assertThat(this.statements.seen).extracting(Statement::association)
			.containsExactly(null, "Owner", "Owner", "Owner");
	}

	@Test
	void fetchContextIsGivenBackAfterTheFetch() {
		this.runner.run((context) -> withOwners(context, (entityManager) -> {
			Owner owner = entityManager.find(Owner.class, 1L);
			assertThat(FetchContext.current()).isNull();
			FetchContext.enter("outer");
			assertThat(owner.getItems()).hasSize(2);
			assertThat(FetchContext.current()).isEqualTo("outer");
		}));
		assertThat(this.statements.seen).extracting(Statement::association).containsExactly("Owner", "Owner.items");
	}

	@Test
	void fetchContextIsGivenBackWhenTheFetchFails() {
		this.runner.run((context) -> withOwners(context, (entityManager) -> {
			Owner owner = entityManager.find(Owner.class, 1L);
			entityManager.getTransaction().begin();
			entityManager.createNativeQuery("alter table item rename to item_moved").executeUpdate();
			entityManager.getTransaction().commit();
			this.statements.seen.clear();
			FetchContext.enter("outer");
			assertThatExceptionOfType(PersistenceException.class).isThrownBy(() -> owner.getItems().size());
			assertThat(FetchContext.current()).isEqualTo("outer");
			FetchContext.restore(null);
			assertThatExceptionOfType(PersistenceException.class).isThrownBy(() -> entityManager.find(Item.class, 11L));
			assertThat(FetchContext.current()).isNull();
		}));
		assertThat(this.statements.seen).extracting(Statement::association).containsExactly("Owner.items", "Item");
	}

	@Test
	void noStatementIsTaggedWhenHibernateSupportIsSwitchedOff() {
		this.runner.withPropertyValues("observability.hibernate.enabled=false")
			.run((context) -> withOwners(context, (entityManager) -> {
				for (Owner owner : entityManager.createQuery("select o from Owner o", Owner.class).getResultList()) {
					assertThat(owner.getItems()).hasSize(2);
				}
				entityManager.clear();
				assertThat(entityManager.find(Item.class, 11L).getOwner().getName()).isEqualTo("owner 1");
			}));
		assertThat(this.statements.seen).hasSize(6).extracting(Statement::association).containsOnlyNulls();
	}

	@Test
	void eachEventTypeHasOneTaggingListenerAfterASecondInstall() {
		this.runner.run((context) -> {
			EventListenerRegistry registry = context.getBean(EntityManagerFactory.class)
				.unwrap(SessionFactoryImplementor.class)
				.getEventListenerRegistry();
			FetchContextListeners.install(registry, HookFailures::logOnly);
			assertThat(registry.getEventListenerGroup(EventType.INIT_COLLECTION).listeners()).singleElement()
				.isInstanceOf(CollectionListener.class);
			assertThat(registry.getEventListenerGroup(EventType.LOAD).listeners()).singleElement()
				.isInstanceOf(LoadListener.class);
		});
	}

	private void withOwners(ApplicationContext context, Consumer<EntityManager> work) {
		EntityManager entityManager = context.getBean(EntityManagerFactory.class).createEntityManager();
		try {
			Owners.store(entityManager, 3);
			entityManager.clear();
			this.statements.seen.clear();
			work.accept(entityManager);
		}
		finally {
			entityManager.close();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Owner.class)
	static class EntityConfiguration {

	}

	record Statement(String sql, @Nullable String association) {
	}

	static final class Statements implements StatementInspector {

		final List<Statement> seen = new CopyOnWriteArrayList<>();

		@Override
		public String inspect(String sql) {
			this.seen.add(new Statement(sql, FetchContext.current()));
			return sql;
		}

	}

}
