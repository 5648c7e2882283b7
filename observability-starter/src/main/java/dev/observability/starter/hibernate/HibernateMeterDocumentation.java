package dev.observability.starter.hibernate;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * Counters read from Hibernate's statistics when
 * {@code observability.hibernate.statistics.enabled} is set. The cache counters keep the
 * names of Hibernate's own {@code hibernate-micrometer} module (which Boot binds when it
 * is present, and which has no release for Hibernate 7.4), so dashboards built on it keep
 * working; loads and fetches are per entity and per collection role, which that module
 * does not offer. Every series is bounded by the mapping and the cache configuration,
 * both fixed once the session factory is built.
 */
public enum HibernateMeterDocumentation implements MeterDocumentation {

	/**
	 * Second-level cache lookups of a region, by {@code result} ({@code hit} or
	 * {@code miss}).
	 */
	SECOND_LEVEL_CACHE_REQUESTS {
		@Override
		public String getName() {
			return "hibernate.second.level.cache.requests";
		}

		@Override
		public String getDescription() {
			return "Second-level cache lookups of a region, by result (hit or miss)";
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { HibernateKeyNames.ENTITY_MANAGER_FACTORY, HibernateKeyNames.REGION,
					HibernateKeyNames.RESULT };
		}
	},

	/**
	 * Entries put into a second-level cache region.
	 */
	SECOND_LEVEL_CACHE_PUTS {
		@Override
		public String getName() {
			return "hibernate.second.level.cache.puts";
		}

		@Override
		public String getDescription() {
			return "Entries Hibernate put into a second-level cache region";
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { HibernateKeyNames.ENTITY_MANAGER_FACTORY, HibernateKeyNames.REGION };
		}
	},

	/**
	 * Query cache lookups, by {@code result} ({@code hit} or {@code miss}).
	 */
	QUERY_CACHE_REQUESTS {
		@Override
		public String getName() {
			return "hibernate.query.cache.requests";
		}

		@Override
		public String getDescription() {
			return "Query cache lookups, by result (hit or miss)";
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { HibernateKeyNames.ENTITY_MANAGER_FACTORY, HibernateKeyNames.RESULT };
		}
	},

	/**
	 * Query results put into the query cache.
	 */
	QUERY_CACHE_PUTS {
		@Override
		public String getName() {
			return "hibernate.query.cache.puts";
		}

		@Override
		public String getDescription() {
			return "Query results Hibernate put into the query cache";
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { HibernateKeyNames.ENTITY_MANAGER_FACTORY };
		}
	},

	/**
	 * Entities loaded, per entity.
	 */
	ENTITY_LOADS {
		@Override
		public String getName() {
			return "hibernate.entity.loads";
		}

		@Override
		public String getDescription() {
			return "Entities Hibernate loaded, per entity";
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { HibernateKeyNames.ENTITY_MANAGER_FACTORY, HibernateKeyNames.ENTITY };
		}
	},

	/**
	 * Entities fetched through an association or a proxy, per entity.
	 */
	ENTITY_FETCHES {
		@Override
		public String getName() {
			return "hibernate.entity.fetches";
		}

		@Override
		public String getDescription() {
			return "Entities Hibernate fetched through an association or a proxy, per entity";
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { HibernateKeyNames.ENTITY_MANAGER_FACTORY, HibernateKeyNames.ENTITY };
		}
	},

	/**
	 * Collections loaded, per collection role.
	 */
	COLLECTION_LOADS {
		@Override
		public String getName() {
			return "hibernate.collection.loads";
		}

		@Override
		public String getDescription() {
			return "Collections Hibernate loaded, per collection role";
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { HibernateKeyNames.ENTITY_MANAGER_FACTORY, HibernateKeyNames.ROLE };
		}
	},

	/**
	 * Lazy collections initialised with a query of their own (the N+1 shape), per
	 * collection role.
	 */
	COLLECTION_FETCHES {
		@Override
		public String getName() {
			return "hibernate.collection.fetches";
		}

		@Override
		public String getDescription() {
			return "Lazy collections initialised with a query of their own (the N+1 shape), per collection role";
		}

		@Override
		public KeyName[] getKeyNames() {
			return new KeyName[] { HibernateKeyNames.ENTITY_MANAGER_FACTORY, HibernateKeyNames.ROLE };
		}
	};

	/**
	 * One sentence on what the meter measures, which a Prometheus scrape prints as its
	 * {@code # HELP} text.
	 * @return the description
	 */
	public abstract String getDescription();

	@Override
	public Meter.Type getType() {
		return Meter.Type.COUNTER;
	}

	/**
	 * Tags of the Hibernate counters.
	 */
	public enum HibernateKeyNames implements KeyName {

		/**
		 * Name of the EntityManagerFactory bean.
		 */
		ENTITY_MANAGER_FACTORY {
			@Override
			public String asString() {
				return "entity_manager_factory";
			}
		},

		/**
		 * Second-level cache region.
		 */
		REGION {
			@Override
			public String asString() {
				return "region";
			}
		},

		/**
		 * {@code hit} or {@code miss}.
		 */
		RESULT {
			@Override
			public String asString() {
				return "result";
			}
		},

		/**
		 * Simple name of the entity, e.g. {@code Residence}.
		 */
		ENTITY {
			@Override
			public String asString() {
				return "entity";
			}
		},

		/**
		 * Collection role as owner's simple name and property, e.g.
		 * {@code Residence.tasks}.
		 */
		ROLE {
			@Override
			public String asString() {
				return "role";
			}
		}

	}

}
