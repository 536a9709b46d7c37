package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.testing.PostgresEndpoint;
import io.hiroi.testing.PostgresExtension;
import io.hiroi.testing.RedisEndpoint;
import io.hiroi.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** With HIROI_REDIS_URI and HIROI_JDBC_URL set: sessions, magic links and rate limits in a real Redis, the audit trail in a real PostgreSQL. */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class ExampleAppBackendsIT {
  private static final String PASSWORD = "correct horse battery staple";

  @Test
  void redisAndPostgres_holdTheState_andTheAuditChainContinuesAcrossARestart(RedisEndpoint redis, PostgresEndpoint postgres, @TempDir Path data)
      throws Exception {
    PostgresEndpoint db = postgres.createDatabase("ExampleAppBackendsIT");
    AppConfig config = AppConfig.builder().randomPorts().dataDir(data).redisUri(redis.uri().toString())
        .jdbcUrl(db.jdbcUrl()).jdbcUser(db.user()).jdbcPassword(db.password()).build();
    String userId;
    String sessionToken;
    try (ExampleApp.Running running = ExampleApp.start(config, Clock.systemUTC())) {
      assertThat(running.app.backends.description).contains("Redis").contains("PostgreSQL");
      WebClient c = new WebClient(running.app.appOrigin);
      c.get("/signup");
      assertThat(c.post("/signup", "email", "redis@example.com", "password", PASSWORD).statusCode()).isEqualTo(303);
      sessionToken = c.cookie("__Host-session").orElseThrow();
      userId = running.app.accounts.byEmail("redis@example.com").orElseThrow().id;
      assertThat(c.get("/sessions").body()).contains("in Redis");

      WebClient other = new WebClient(running.app.appOrigin);
      other.get("/signin");
      other.post("/magic-link", "email", "redis@example.com");
      Matcher m = Pattern.compile("/magic\\?token=([^\"]+)\"").matcher(other.get("/outbox").body());
      assertThat(m.find()).isTrue();
      other.get("/magic?token=" + m.group(1));
      assertThat(other.post("/magic", "token", m.group(1)).statusCode()).isEqualTo(303);
      assertThat(running.app.sessions.manager().sessions(userId)).hasSize(2);

      c.get("/audit");
      assertThat(c.post("/audit/verify").body()).contains("The chain verifies:");
    }
    RedisClient client = RedisClient.create(redis.uri().toString());
    try (StatefulRedisConnection<String, String> conn = client.connect()) {
      List<String> keys = conn.sync().keys("hiroi:*");
      assertThat(keys).isNotEmpty();
      StringBuilder everything = new StringBuilder(String.join(" ", keys));
      for (String k : keys) {
        if ("hash".equals(conn.sync().type(k))) {
          everything.append(conn.sync().hgetall(k));
        } else if ("string".equals(conn.sync().type(k))) {
          everything.append(conn.sync().get(k));
        }
      }
      assertThat(everything.toString()).as("Redis holds hashes of tokens, never a token").doesNotContain(sessionToken.substring(8));
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    long rowsBefore = rows(db);
    assertThat(rowsBefore).as("signup, magic link sent, magic link used").isGreaterThanOrEqualTo(3);
    assertThat(Files.exists(data.resolve("audit"))).as("no file trail beside the table").isFalse();

    try (ExampleApp.Running again = ExampleApp.start(config, Clock.systemUTC())) {
      assertThat(again.app.sessions.manager().sessions(userId)).as("sessions outlive the app process in Redis").hasSize(2);
      again.app.audit.record(again.app.audit.event("example.restart").outcome("success").build());
      again.app.audit.flush();
      assertThat(again.app.backends.auditTrail.verify(again.app.auditVerifier).count()).isEqualTo(rowsBefore + 1);
      assertThat(again.app.backends.auditTrail.newest(1).get(0).event().type()).isEqualTo("example.restart");
    }
  }

  private static long rows(PostgresEndpoint db) throws Exception {
    try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + Backends.AUDIT_TABLE)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
