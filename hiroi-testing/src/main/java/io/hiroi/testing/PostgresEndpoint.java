package io.hiroi.testing;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import io.hiroi.testing.internal.JdbcUrls;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where a test finds its PostgreSQL database: the embedded server that {@link PostgresExtension}
 * started (database {@code postgres}, superuser {@code postgres}, local connections trusted), the
 * server named by {@code HIROI_TEST_JDBC_URL}, or a fresh database or schema made from either by
 * {@link #createDatabase(String)} or {@link #createSchema(String)} so that test classes sharing
 * one server do not collide.
 *
 * <p>Immutable and thread-safe; share one instance. {@link #toString()} leaves out the password
 * and the URL's query.
 */
public final class PostgresEndpoint {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_HINT_LENGTH = 40;

  private final String jdbcUrl;
  private final String user;
  private final String password;

  private PostgresEndpoint(String jdbcUrl, String user, String password) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  /**
   * Creates an endpoint.
   *
   * @param jdbcUrl a {@code jdbc:postgresql:} URL
   * @param user the user name, or {@code null} to use the URL's or the driver's default
   * @param password the password, or {@code null} for none
   * @return the endpoint
   * @throws NullPointerException when {@code jdbcUrl} is {@code null}
   * @throws IllegalArgumentException when {@code jdbcUrl} is not a PostgreSQL JDBC URL
   */
  public static PostgresEndpoint of(String jdbcUrl, String user, String password) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith(JdbcUrls.PREFIX)) {
      throw new IllegalArgumentException("jdbcUrl must start with " + JdbcUrls.PREFIX);
    }
    return new PostgresEndpoint(jdbcUrl, user, password);
  }

  /**
   * Returns the JDBC URL, such as {@code jdbc:postgresql://127.0.0.1:12345/postgres}.
   *
   * @return the URL
   */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /**
   * Returns the user name.
   *
   * @return the user ({@code postgres} for the embedded server), or {@code null} when the URL or
   *     the driver's default decides
   */
  public String user() {
    return user;
  }

  /**
   * Returns the password.
   *
   * @return the password ({@code ""} for the embedded server, which trusts local connections), or
   *     {@code null} for none
   */
  public String password() {
    return password;
  }

  /**
   * Returns a new, unpooled data source for this database; each {@code getConnection()} opens a
   * connection, which the caller closes.
   *
   * @return the data source
   */
  public DataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(jdbcUrl);
    if (user != null) {
      dataSource.setUser(user);
    }
    if (password != null) {
      dataSource.setPassword(password);
    }
    return dataSource;
  }

  /**
   * Opens a connection to this database.
   *
   * @return a new connection; the caller closes it
   * @throws SQLException when the connection cannot be made
   */
  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    return DriverManager.getConnection(jdbcUrl, properties);
  }

  /**
   * Creates a new, empty database on this server, named {@code hiroi_<hint>_<12 random hex>},
   * and returns its endpoint (same server and user). Call it once per test class, in
   * {@code @BeforeAll}. The user needs the {@code CREATEDB} privilege (the embedded superuser has
   * it). Databases are not dropped: the embedded server's data is deleted when the JVM exits.
   *
   * @param hint a readable part of the name, such as the test class's simple name; characters
   *     other than letters, digits and {@code _} become {@code _}, and it is cut to 40 characters
   * @return the new database's endpoint
   * @throws NullPointerException when {@code hint} is {@code null}
   * @throws IllegalStateException when the database cannot be created (the cause says why)
   */
  public PostgresEndpoint createDatabase(String hint) {
    String name = uniqueName(hint);
    execute("CREATE DATABASE " + name, "database " + name);
    return new PostgresEndpoint(JdbcUrls.withDatabase(jdbcUrl, name), user, password);
  }

  /**
   * Creates a new, empty schema in this database, named {@code hiroi_<hint>_<12 random hex>}, and
   * returns an endpoint whose connections use it as their {@code currentSchema}. Lighter than
   * {@link #createDatabase(String)} and needs only the {@code CREATE} privilege on the database.
   *
   * @param hint a readable part of the name (see {@link #createDatabase(String)})
   * @return the endpoint whose connections work in the new schema
   * @throws NullPointerException when {@code hint} is {@code null}
   * @throws IllegalStateException when the schema cannot be created (the cause says why)
   */
  public PostgresEndpoint createSchema(String hint) {
    String name = uniqueName(hint);
    execute("CREATE SCHEMA " + name, "schema " + name);
    return new PostgresEndpoint(JdbcUrls.withParameter(jdbcUrl, "currentSchema", name), user, password);
  }

  @SuppressFBWarnings(
      value = "SQL_INJECTION_JDBC",
      justification = "the only variable part is a name made by uniqueName, checked to be [a-z_][a-z0-9_]*")
  private void execute(String sql, String what) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "hiroi-testing: cannot create " + what + " on " + JdbcUrls.withoutQuery(jdbcUrl) + ": " + e.getMessage(), e);
    }
  }

  static String uniqueName(String hint) {
    Objects.requireNonNull(hint, "hint");
    String clean = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (clean.length() > MAX_HINT_LENGTH) {
      clean = clean.substring(0, MAX_HINT_LENGTH);
    }
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    String name = "hiroi_" + clean + "_" + HexFormat.of().formatHex(random);
    if (!JdbcUrls.isIdentifier(name)) {
      throw new AssertionError("generated an invalid identifier: " + name);
    }
    return name;
  }

  /**
   * Two endpoints are equal when they have the same URL and user (the password is not compared).
   *
   * @param other another object
   * @return whether it is an equal endpoint
   */
  @Override
  public boolean equals(Object other) {
    if (!(other instanceof PostgresEndpoint)) {
      return false;
    }
    PostgresEndpoint that = (PostgresEndpoint) other;
    return jdbcUrl.equals(that.jdbcUrl) && Objects.equals(user, that.user);
  }

  @Override
  public int hashCode() {
    return Objects.hash(jdbcUrl, user);
  }

  /**
   * Returns the URL without its query, and the user; never the password.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return "PostgresEndpoint[" + JdbcUrls.withoutQuery(jdbcUrl) + ", user=" + user + "]";
  }
}
