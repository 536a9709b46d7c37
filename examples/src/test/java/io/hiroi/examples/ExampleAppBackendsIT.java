package io.hiroi.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.testing.PostgresEndpoint;
import io.hiroi.testing.PostgresExtension;
import io.hiroi.testing.RedisEndpoint;
import io.hiroi.testing.RedisExtension;
import io.hiroi.testing.SoftwareAuthenticator;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.http.HttpResponse;
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

/**
 * With HIROI_REDIS_URI and HIROI_JDBC_URL set: sessions, magic links and rate limits in a real
 * Redis, the audit trail and the app's own records (users, TOTP envelopes, passkeys, API key
 * hashes) in a real PostgreSQL, all there again after a restart.
 */
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

  @Test
  void postgres_keepsUsersTotpPasskeysApiKeysAndConnectedAccounts_acrossARestart(PostgresEndpoint postgres, @TempDir Path data) throws Exception {
    PostgresEndpoint db = postgres.createDatabase("ExampleAppBackendsRecordsIT");
    AppConfig config = AppConfig.builder().randomPorts().dataDir(data)
        .jdbcUrl(db.jdbcUrl()).jdbcUser(db.user()).jdbcPassword(db.password()).build();
    String email = "records@example.com";
    TestTotp totp;
    SoftwareAuthenticator key;
    String keyPrefix;
    try (ExampleApp.Running running = ExampleApp.start(config, Clock.systemUTC())) {
      String app = running.app.appOrigin;
      key = new SoftwareAuthenticator(SoftwareAuthenticator.Algorithm.ES256, app, 0);
      WebClient c = new WebClient(app);
      c.get("/signup");
      assertThat(c.post("/signup", "email", email, "password", PASSWORD).statusCode()).isEqualTo(303);
      totp = ExampleAppFactorsIT.enableTotp(c, new java.util.ArrayList<>());
      c.get("/security");
      assertThat(c.post("/security/passkeys/register", "credential", key.create(c.post("/security/passkeys/options").body())).statusCode())
          .isEqualTo(200);
      c.get("/keys");
      Matcher created = Pattern.compile("id=\"new-key-value\">(pw_live_[0-9A-Za-z]{4})").matcher(c.post("/keys").body());
      assertThat(created.find()).isTrue();
      keyPrefix = created.group(1);
      c.get("/connected");
      assertThat(c.post("/connected/connect").body()).contains("ACTIVE");
    }
    String table = dump(db);
    assertThat(table).contains("$argon2id$").contains(email).doesNotContain(PASSWORD).doesNotContain("otpauth://");
    assertThat(table).as("the connected account's envelope, never its token").contains("credential ").doesNotContain("fcrm_");

    try (ExampleApp.Running again = ExampleApp.start(config, Clock.systemUTC())) {
      String app = again.app.appOrigin;
      WebClient c = new WebClient(app);
      c.get("/signin");
      HttpResponse<String> first = c.post("/signin", "email", email, "password", PASSWORD);
      assertThat(first.headers().firstValue("Location")).as("the user and the TOTP envelope are back").hasValue("/signin/second");
      c.get("/signin/second");
      assertThat(c.post("/signin/second", "code", totp.nextCode()).statusCode()).isEqualTo(303);
      assertThat(c.get("/keys").body()).as("the API key's record is back").contains("<code>" + keyPrefix + "…</code>");
      c.get("/connected");
      assertThat(c.post("/connected/use").body()).as("the connected account is back and decrypts").contains("the token starts fcrm_");

      WebClient viaPasskey = new WebClient(app);
      viaPasskey.get("/signin");
      // Random ports: the restarted app has a new origin; the passkey (RP id localhost) is the same.
      String assertion = key.get(viaPasskey.post("/signin/passkey/options").body(), app, true);
      assertThat(viaPasskey.post("/signin/passkey", "credential", assertion).statusCode()).as("the passkey is back").isEqualTo(200);
      assertThat(viaPasskey.get("/").body()).contains("Signed in as <strong>" + email);
    }
  }

  private static String dump(PostgresEndpoint db) throws Exception {
    StringBuilder out = new StringBuilder();
    try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT kind, id, value FROM " + Records.TABLE)) {
      while (rs.next()) {
        out.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getString(3)).append('\n');
      }
    }
    return out.toString();
  }

  private static long rows(PostgresEndpoint db) throws Exception {
    try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + Backends.AUDIT_TABLE)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
