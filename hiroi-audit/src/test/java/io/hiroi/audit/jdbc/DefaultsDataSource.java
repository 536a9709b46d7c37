package io.hiroi.audit.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * A data source over a real one whose connections start with other defaults (auto-commit off, an
 * isolation level), as a pool may hand them out, and which notes each connection's auto-commit
 * and isolation when it is closed (handed back), so a test sees whether they were restored.
 */
final class DefaultsDataSource {
  /** A connection's state when it was closed. */
  record Returned(boolean autoCommit, int isolation) {}

  final List<Returned> returned = new CopyOnWriteArrayList<>();
  private final DataSource real;
  private final boolean autoCommit;
  private final int isolation;

  DefaultsDataSource(DataSource real, boolean autoCommit, int isolation) {
    this.real = real;
    this.autoCommit = autoCommit;
    this.isolation = isolation;
  }

  DataSource dataSource() {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().equals("getConnection")) {
        Connection c = (Connection) invoke(method, real, args);
        c.setTransactionIsolation(isolation);
        c.setAutoCommit(autoCommit);
        return connection(c);
      }
      return invoke(method, real, args);
    };
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, handler);
  }

  private Connection connection(Connection c) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().equals("close") && !c.isClosed()) {
        returned.add(new Returned(c.getAutoCommit(), c.getTransactionIsolation()));
      }
      return invoke(method, c, args);
    };
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Every connection handed back so far came back with these defaults. */
  boolean allRestored() {
    return returned.stream().allMatch(r -> r.autoCommit() == autoCommit && r.isolation() == isolation);
  }
}
