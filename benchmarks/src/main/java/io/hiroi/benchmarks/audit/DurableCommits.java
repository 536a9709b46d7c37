package io.hiroi.benchmarks.audit;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source whose connections commit durably: each new connection runs {@code SET
 * synchronous_commit = on}, so that {@code COMMIT} returns only after PostgreSQL has flushed the
 * WAL to disk. The embedded test server (like zonky's default) runs with {@code
 * synchronous_commit=off}, which would make the JDBC sink's figures non-durable.
 */
final class DurableCommits implements DataSource {
  private final DataSource delegate;

  DurableCommits(DataSource delegate) {
    this.delegate = delegate;
  }

  private static Connection durable(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET synchronous_commit = on");
    }
    return c;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return durable(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return durable(delegate.getConnection(user, password));
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return delegate.isWrapperFor(iface);
  }
}
