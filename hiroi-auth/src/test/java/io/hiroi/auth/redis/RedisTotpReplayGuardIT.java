package io.hiroi.auth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.TotpEnrollment;
import io.hiroi.auth.TotpReplayGuard;
import io.hiroi.auth.TotpReplayGuardContract;
import io.hiroi.testing.RedisEndpoint;
import io.hiroi.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisTotpReplayGuardIT extends TotpReplayGuardContract {
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> first;
  private static StatefulRedisConnection<String, String> second;

  @BeforeAll
  static void connect(RedisEndpoint redis) {
    client = RedisClient.create(redis.uri().toString());
    client.setOptions(TestClients.options());
    first = client.connect();
    second = client.connect();
  }

  @AfterAll
  static void close() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  @Override
  protected TotpReplayGuard guard(int replica) {
    return RedisTotpReplayGuard.using(replica == 0 ? first : second);
  }

  @Test
  void usedCodes_expireByThemselves_andHoldNoCode() {
    TotpEnrollment e = service(0).enroll(user, "a@example.com");
    String code = codeNow(e, clock);
    assertThat(service(0).verify(user, e.storedSecret(), code).isValid()).isTrue();
    List<String> keys = first.sync().scan(ScanArgs.Builder.matches(RedisTotpReplayGuard.KEY_PREFIX + "*").limit(100_000)).getKeys();
    assertThat(keys).isNotEmpty();
    for (String k : keys) {
      assertThat(k).matches("hiroi:totp:(k-.*|[0-9a-f]{64}:[0-9]+)");
      assertThat(first.sync().pttl(k)).isPositive();
      assertThat(first.sync().get(k)).isEqualTo("1");
    }
  }
}
