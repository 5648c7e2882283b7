package dev.observability.starter.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * The database behind one DataSource as telemetry names it: the product
 * ({@code db.system.name}), the database ({@code db.namespace}, the connection's catalog)
 * and the pool ({@code db.client.connection.pool.name}: HikariCP's pool name, otherwise
 * the DataSource bean's name). Resolved once, from the first statement's connection, and
 * shared by every statement of the DataSource, so that an application with two
 * DataSources can tell their statements apart.
 */
final class DatabaseTarget {

	/** The target of statements whose connection could not be asked. */
	static final DatabaseTarget UNKNOWN = new DatabaseTarget(DbSystemNames.OTHER_SQL, null, null);

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariConfigMXBean",
			DatabaseTarget.class.getClassLoader());

	private final String systemName;

	private final SqlDialect dialect;

	private final @Nullable String namespace;

	private final @Nullable String poolName;

	DatabaseTarget(String systemName, @Nullable String namespace, @Nullable String poolName) {
		this.systemName = systemName;
		this.dialect = DbSystemNames.dialect(systemName);
		this.namespace = namespace;
		this.poolName = poolName;
	}

	/**
	 * Ask a connection and its DataSource.
	 * @param connection a connection of the DataSource
	 * @param dataSource the DataSource (the application's, not the starter's wrapper)
	 * @param beanName the DataSource bean's name, the pool name when there is no HikariCP
	 * pool
	 * @return the target
	 * @throws SQLException if the connection's metadata cannot be read
	 */
	static DatabaseTarget of(Connection connection, @Nullable DataSource dataSource, String beanName)
			throws SQLException {
		DatabaseMetaData metaData = connection.getMetaData();
		String systemName = DbSystemNames.of(metaData.getURL(), metaData.getDatabaseProductName());
		String catalog = connection.getCatalog();
		return new DatabaseTarget(systemName, StringUtils.hasText(catalog) ? catalog : null,
				poolName(dataSource, beanName));
	}

	private static String poolName(@Nullable DataSource dataSource, String beanName) {
		String hikariName = (HIKARI_PRESENT && dataSource != null) ? Hikari.poolName(dataSource) : null;
		return (hikariName != null) ? hikariName : beanName;
	}

	String systemName() {
		return this.systemName;
	}

	SqlDialect dialect() {
		return this.dialect;
	}

	/**
	 * The database, as the connection's catalog names it.
	 * @return the namespace, or {@code null} when the driver has no catalog
	 */
	@Nullable String namespace() {
		return this.namespace;
	}

	@Nullable String poolName() {
		return this.poolName;
	}

	/**
	 * Reads HikariCP's pool name; loaded only when HikariCP is on the classpath.
	 */
	private static final class Hikari {

		static @Nullable String poolName(DataSource dataSource) {
			try {
				if (dataSource.isWrapperFor(HikariConfigMXBean.class)) {
					String name = dataSource.unwrap(HikariConfigMXBean.class).getPoolName();
					return StringUtils.hasText(name) ? name : null;
				}
			}
			catch (SQLException | RuntimeException ex) {
				// not a HikariCP pool after all
			}
			return null;
		}

	}

	@Override
	public String toString() {
		return this.systemName + "/" + this.namespace + " (pool " + this.poolName + ")";
	}

}
