package io.hiroi.auth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.AuthFactor;
import io.hiroi.auth.ClientInfo;
import io.hiroi.auth.FakeClock;
import io.hiroi.auth.IssuedSession;
import io.hiroi.auth.SessionManager;
import io.hiroi.auth.SessionStore;
import io.hiroi.auth.SessionStoreContract;
import io.hiroi.auth.SessionValidation;
import io.hiroi.testing.RedisEndpoint;
import io.hiroi.testing.RedisExtension;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisSessionStoreIT extends SessionStoreContract {
  private static TestClients.Replicas replicas;

  @BeforeAll
  static void connect(RedisEndpoint redis) {
    replicas = TestClients.replicas(redis);
  }

  @AfterAll
  static void close() {
    replicas.close();
  }

  @Override
  protected SessionStore store(FakeClock clock) {
    return RedisSessionStore.using(replicas.first);
  }

  @Override
  protected SessionStore secondReplica(FakeClock clock) {
    return RedisSessionStore.using(replicas.second);
  }

  @Test
  void keysShareTheUsersHashTag_holdNoToken_andExpireByThemselves() {
    SessionManager live = SessionManager.builder(RedisSessionStore.using(replicas.first)).build(); // system clock: real TTLs
    IssuedSession issued = live.create(user, Set.of(AuthFactor.PASSWORD), ClientInfo.of("192.0.2.9", "UA"));
    RedisCommands<String, String> redis = replicas.admin.sync();
    String tag = issued.token().substring(3, 7);
    List<String> keys = redis.scan(ScanArgs.Builder.matches("hiroi:{u:" + tag + "}:*").limit(100_000)).getKeys();
    String sessionKey = "hiroi:{u:" + tag + "}:s:" + issued.session().id();
    assertThat(keys).contains(sessionKey);
    assertThat(keys).anySatisfy(k -> assertThat(k).startsWith("hiroi:{u:" + tag + "}:i:"));
    assertThat(redis.pttl(sessionKey)).isBetween(Duration.ofMinutes(29).toMillis(), Duration.ofMinutes(30).toMillis());
    String secret = issued.token().substring(8);
    // The session store's keys (other stores' tests share this server: devices, TOTP codes, tokens).
    for (String key : redis.scan(ScanArgs.Builder.matches("hiroi:{u:*").limit(100_000)).getKeys()) {
      assertThat(key).doesNotContain(secret);
      if (redis.type(key).equals("hash")) {
        Map<String, String> fields = redis.hgetall(key);
        assertThat(fields.values()).allSatisfy(v -> assertThat(v).doesNotContain(secret));
      } else {
        assertThat(redis.zrange(key, 0, -1)).allSatisfy(v -> assertThat(v).doesNotContain(secret));
        assertThat(redis.pttl(key)).isPositive();
      }
    }
  }

  @Test
  void oneValidation_isExactlyOneEvalsha() {
    IssuedSession issued = signIn(user);
    sessions.validate(issued.token());
    long before = calls("evalsha");
    long evalBefore = calls("eval");
    for (int i = 0; i < 20; i++) {
      assertThat(sessions.validate(issued.token()).isValid()).isTrue();
    }
    assertThat(calls("evalsha") - before).isEqualTo(20);
    assertThat(calls("eval") - evalBefore).isZero();
  }

  @Test
  void flushedScriptCache_isReloadedThroughOneEval() {
    IssuedSession issued = signIn(user);
    replicas.admin.sync().scriptFlush();
    assertThat(sessions.validate(issued.token()).isValid()).isTrue();
    assertThat(sessions.revokeAll(user)).isEqualTo(1);
  }

  @Test
  void aForeignRecord_failsClosed() {
    IssuedSession issued = signIn(user);
    String tag = issued.token().substring(3, 7);
    replicas.admin.sync().hset("hiroi:{u:" + tag + "}:s:" + issued.session().id(), "x", "not-a-number");
    SessionValidation v = sessions.validate(issued.token());
    assertThat(v.failure()).contains(SessionValidation.Failure.UNAVAILABLE);
  }

  private static long calls(String command) {
    String stats = replicas.admin.sync().info("commandstats");
    for (String line : stats.split("\\R")) {
      if (line.startsWith("cmdstat_" + command + ":calls=")) {
        String rest = line.substring(("cmdstat_" + command + ":calls=").length());
        return Long.parseLong(rest.substring(0, rest.indexOf(',')));
      }
    }
    return 0;
  }
}
