package io.hiroi.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hiroi.testing.PostgresEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The root-without-user-namespaces path, exercised for real: this runs only where the JVM is root
 * on Linux (CI), and starts a second server as {@code nobody} through {@code setpriv}.
 */
class PostgresAsNobodyIT {
  @BeforeAll
  static void onlyAsRootOnLinux() throws Exception {
    assumeTrue(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"), "not Linux");
    assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0, "not running as root");
    assumeTrue(new ProcessBuilder("setpriv", "--version").start().waitFor() == 0, "no setpriv");
  }

  @Test
  void startsAsNobody_servesSql_andStopsCleanly() throws Exception {
    String id = EmbeddedPostgresServer.newId();
    PostgresAsNobody server = PostgresAsNobody.start(WorkDir.resolve(), id, Map.of(), Duration.ofSeconds(30));
    Path dataDir = WorkDir.resolve().resolve("postgres").resolve("data-" + id);
    try {
      PostgresEndpoint endpoint =
          PostgresEndpoint.of("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres", "postgres", "");
      PostgresEndpoint db = endpoint.createDatabase("nobody");
      try (Connection c = db.connect();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (v TEXT)");
        s.execute("INSERT INTO t VALUES ('ok')");
        try (ResultSet rs = s.executeQuery("SELECT v, pg_backend_pid() FROM t")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("ok");
          long backend = rs.getLong(2);
          String status = Files.readString(Path.of("/proc/" + backend + "/status"));
          assertThat(status).containsPattern("(?m)^Uid:\\s+65534\\s");
        }
      }
      assertThat(Files.getOwner(dataDir).getName()).isEqualTo("nobody");
    } finally {
      server.stop();
    }
    assertThat(dataDir).doesNotExist();
  }

  @Test
  void badSetting_failsAtOnce_withTheServerLogTail() {
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                PostgresAsNobody.start(
                    WorkDir.resolve(), EmbeddedPostgresServer.newId(), Map.of("shared_buffers", "lots"), Duration.ofSeconds(30)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("hiroi-testing: PostgreSQL did not start: pg_ctl as nobody exited with status 1")
        .hasMessageContaining("invalid value for parameter \"shared_buffers\"");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }
}
