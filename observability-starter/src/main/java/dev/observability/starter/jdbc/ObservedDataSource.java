package dev.observability.starter.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A DataSource whose connections record the statements they run. Everything else,
 * including {@code unwrap} and {@code isWrapperFor}, is answered by the DataSource it
 * wraps, so Boot still finds the pool behind it (Hikari metrics, health).
 */
final class ObservedDataSource implements DataSource {

	private final DataSource target;

	private final StatementRecorder recorder;

	ObservedDataSource(DataSource target, StatementRecorder recorder) {
		this.target = target;
		this.recorder = recorder;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return ObservedConnection.wrap(this.target.getConnection(), this.recorder);
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return ObservedConnection.wrap(this.target.getConnection(username, password), this.recorder);
	}

	@Override
	public PrintWriter getLogWriter() throws SQLException {
		return this.target.getLogWriter();
	}

	@Override
	public void setLogWriter(PrintWriter out) throws SQLException {
		this.target.setLogWriter(out);
	}

	@Override
	public void setLoginTimeout(int seconds) throws SQLException {
		this.target.setLoginTimeout(seconds);
	}

	@Override
	public int getLoginTimeout() throws SQLException {
		return this.target.getLoginTimeout();
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		return this.target.getParentLogger();
	}

	@Override
	public <T> T unwrap(Class<T> type) throws SQLException {
		return type.isInstance(this.target) ? type.cast(this.target) : this.target.unwrap(type);
	}

	@Override
	public boolean isWrapperFor(Class<?> type) throws SQLException {
		return type.isInstance(this.target) || this.target.isWrapperFor(type);
	}

	@Override
	public String toString() {
		return "ObservedDataSource[" + this.target + "]";
	}

}
