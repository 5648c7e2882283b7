package dev.observability.starter.hibernate;

import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import org.hibernate.SessionFactory;
import org.hibernate.stat.CacheRegionStatistics;
import org.hibernate.stat.Statistics;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

import dev.observability.starter.core.HookFailures;
import dev.observability.starter.hibernate.HibernateMeterDocumentation.HibernateKeyNames;

/**
 * Switches Hibernate's statistics on for every {@link EntityManagerFactory} bean and
 * registers {@link HibernateMeterDocumentation}'s counters, read from the statistics when
 * the registry is scraped (function counters: nothing is recorded on the way). Bound once
 * every singleton exists, as Boot binds its own Hibernate meters; a factory of another
 * JPA provider is left alone.
 */
final class HibernateStatisticsMeters implements SmartInitializingSingleton {

	static final String HOOK = "hibernate.statistics";

	private final ListableBeanFactory beans;

	private final ObjectProvider<MeterRegistry> registry;

	private final Supplier<HookFailures> failures;

	HibernateStatisticsMeters(ListableBeanFactory beans, ObjectProvider<MeterRegistry> registry,
			Supplier<HookFailures> failures) {
		this.beans = beans;
		this.registry = registry;
		this.failures = failures;
	}

	@Override
	public void afterSingletonsInstantiated() {
		MeterRegistry registry = this.registry.getIfUnique();
		if (registry == null) {
			return;
		}
		Map<String, EntityManagerFactory> factories = this.beans.getBeansOfType(EntityManagerFactory.class);
		factories.forEach((name, factory) -> {
			try {
				bind(name, factory, registry);
			}
			catch (PersistenceException ex) {
				// another JPA provider: nothing to read
			}
			catch (RuntimeException | LinkageError ex) {
				this.failures.get().record(HOOK, ex);
			}
		});
	}

	private static void bind(String name, EntityManagerFactory factory, MeterRegistry registry) {
		Statistics statistics = factory.unwrap(SessionFactory.class).getStatistics();
		statistics.setStatisticsEnabled(true);
		Tags base = Tags.of(HibernateKeyNames.ENTITY_MANAGER_FACTORY.asString(), name);
		for (String region : statistics.getSecondLevelCacheRegionNames()) {
			Tags tags = base.and(HibernateKeyNames.REGION.asString(), region);
			counter(registry, HibernateMeterDocumentation.SECOND_LEVEL_CACHE_REQUESTS,
					tags.and(HibernateKeyNames.RESULT.asString(), "hit"), statistics,
					(stats) -> region(stats, region, CacheRegionStatistics::getHitCount));
			counter(registry, HibernateMeterDocumentation.SECOND_LEVEL_CACHE_REQUESTS,
					tags.and(HibernateKeyNames.RESULT.asString(), "miss"), statistics,
					(stats) -> region(stats, region, CacheRegionStatistics::getMissCount));
			counter(registry, HibernateMeterDocumentation.SECOND_LEVEL_CACHE_PUTS, tags, statistics,
					(stats) -> region(stats, region, CacheRegionStatistics::getPutCount));
		}
		counter(registry, HibernateMeterDocumentation.QUERY_CACHE_REQUESTS,
				base.and(HibernateKeyNames.RESULT.asString(), "hit"), statistics, Statistics::getQueryCacheHitCount);
		counter(registry, HibernateMeterDocumentation.QUERY_CACHE_REQUESTS,
				base.and(HibernateKeyNames.RESULT.asString(), "miss"), statistics, Statistics::getQueryCacheMissCount);
		counter(registry, HibernateMeterDocumentation.QUERY_CACHE_PUTS, base, statistics,
				Statistics::getQueryCachePutCount);
		for (String entity : statistics.getEntityNames()) {
			Tags tags = base.and(HibernateKeyNames.ENTITY.asString(), FetchLabels.simpleName(entity));
			counter(registry, HibernateMeterDocumentation.ENTITY_LOADS, tags, statistics,
					(stats) -> stats.getEntityStatistics(entity).getLoadCount());
			counter(registry, HibernateMeterDocumentation.ENTITY_FETCHES, tags, statistics,
					(stats) -> stats.getEntityStatistics(entity).getFetchCount());
		}
		String[] entities = statistics.getEntityNames();
		for (String role : statistics.getCollectionRoleNames()) {
			Tags tags = base.and(HibernateKeyNames.ROLE.asString(), roleLabel(role, entities));
			counter(registry, HibernateMeterDocumentation.COLLECTION_LOADS, tags, statistics,
					(stats) -> stats.getCollectionStatistics(role).getLoadCount());
			counter(registry, HibernateMeterDocumentation.COLLECTION_FETCHES, tags, statistics,
					(stats) -> stats.getCollectionStatistics(role).getFetchCount());
		}
	}

	/**
	 * The label of a role, as fetch spans name it: the owner is the longest entity name
	 * the role starts with.
	 */
	private static String roleLabel(String role, String[] entities) {
		String owner = null;
		for (String entity : entities) {
			if (role.startsWith(entity + ".") && (owner == null || entity.length() > owner.length())) {
				owner = entity;
			}
		}
		return (owner != null) ? FetchLabels.collectionLabel(role, owner) : role;
	}

	private static double region(Statistics statistics, String region, ToDoubleFunction<CacheRegionStatistics> count) {
		CacheRegionStatistics regionStatistics = statistics.getDomainDataRegionStatistics(region);
		return (regionStatistics != null) ? count.applyAsDouble(regionStatistics) : 0;
	}

	private static void counter(MeterRegistry registry, HibernateMeterDocumentation meter, Tags tags,
			Statistics statistics, ToDoubleFunction<Statistics> count) {
		FunctionCounter.builder(meter.getName(), statistics, count)
			.description(meter.getDescription())
			.tags(tags)
			.register(registry);
	}

}
