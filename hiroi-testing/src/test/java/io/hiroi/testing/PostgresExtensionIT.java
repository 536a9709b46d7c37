package io.hiroi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hiroi.testing.internal.WorkDir;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresExtensionIT {
  private static final boolean EMBEDDED = System.getenv("HIROI_TEST_JDBC_URL") == null;

  @Test
  void embeddedServer_isPostgres17OnLoopback_withDataUnderTheWorkDir(PostgresEndpoint server) throws SQLException {
    assumeTrue(EMBEDDED, "HIROI_TEST_JDBC_URL is set");
    assertThat(server.jdbcUrl()).matches("jdbc:postgresql://127\\.0\\.0\\.1:\\d+/postgres");
    assertThat(server.user()).isEqualTo("postgres");
    try (Connection c = server.connect();
        Statement s = c.createStatement()) {
      assertThat(queryString(s, "SHOW server_version")).startsWith("17.");
      assertThat(queryString(s, "SELECT host(inet_server_addr())")).isEqualTo("127.0.0.1");
      assertThat(queryString(s, "SHOW data_directory")).startsWith(WorkDir.resolve().resolve("postgres").toString());
    }
  }

  @Test
  void createTable_insert_select(PostgresEndpoint server) throws SQLException {
    PostgresEndpoint db = server.createDatabase("PostgresExtensionIT");
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE audit (seq BIGINT PRIMARY KEY, type TEXT NOT NULL)");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO audit (seq, type) VALUES (?, ?)")) {
        for (int i = 1; i <= 3; i++) {
          insert.setLong(1, i);
          insert.setString(2, "login." + i);
          insert.executeUpdate();
        }
      }
      assertThat(queryStrings(s, "SELECT type FROM audit ORDER BY seq")).containsExactly("login.1", "login.2", "login.3");
      assertThat(queryString(s, "SELECT current_database()")).startsWith("hiroi_postgresextensionit_");
    }
  }

  @Test
  void twoDatabases_doNotCollide(PostgresEndpoint server) throws SQLException {
    PostgresEndpoint a = server.createDatabase("collide");
    PostgresEndpoint b = server.createDatabase("collide");
    assertThat(a.jdbcUrl()).isNotEqualTo(b.jdbcUrl());
    createAndInsert(a, "from a");
    createAndInsert(b, "from b");
    assertThat(selectAll(a)).containsExactly("from a");
    assertThat(selectAll(b)).containsExactly("from b");
  }

  @Test
  void twoSchemas_doNotCollide(PostgresEndpoint server) throws SQLException {
    PostgresEndpoint db = server.createDatabase("schemas");
    PostgresEndpoint a = db.createSchema("s");
    PostgresEndpoint b = db.createSchema("s");
    createAndInsert(a, "in schema a");
    createAndInsert(b, "in schema b");
    assertThat(selectAll(a)).containsExactly("in schema a");
    assertThat(selectAll(b)).containsExactly("in schema b");
  }

  @Test
  void endpoint_isOneServerForAllThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<PostgresEndpoint>> futures = pool.invokeAll(Collections.nCopies(16, PostgresExtension::endpoint));
      for (Future<PostgresEndpoint> future : futures) {
        assertThat(future.get()).isEqualTo(PostgresExtension.endpoint());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Two test classes, each with its own database made in {@code @BeforeAll}, same table name. */
  abstract static class OwnDatabase {
    PostgresEndpoint db;

    @BeforeAll
    void createDatabase(PostgresEndpoint server) throws SQLException {
      db = server.createDatabase(getClass().getSimpleName());
      createAndInsert(db, getClass().getSimpleName());
    }

    @Test
    void seesOnlyItsOwnRows() throws SQLException {
      assertThat(selectAll(db)).containsExactly(getClass().getSimpleName());
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class FirstClass extends OwnDatabase {}

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class SecondClass extends OwnDatabase {}

  static void createAndInsert(PostgresEndpoint endpoint, String text) throws SQLException {
    try (Connection c = endpoint.connect();
        Statement s = c.createStatement();
        PreparedStatement insert = c.prepareStatement("INSERT INTO items (text) VALUES (?)")) {
      s.execute("CREATE TABLE IF NOT EXISTS items (id BIGSERIAL PRIMARY KEY, text TEXT NOT NULL)");
      insert.setString(1, text);
      insert.executeUpdate();
    }
  }

  static List<String> selectAll(PostgresEndpoint endpoint) throws SQLException {
    try (Connection c = endpoint.connect();
        Statement s = c.createStatement()) {
      return queryStrings(s, "SELECT text FROM items ORDER BY id");
    }
  }

  private static String queryString(Statement s, String sql) throws SQLException {
    return queryStrings(s, sql).get(0);
  }

  private static List<String> queryStrings(Statement s, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }
}
