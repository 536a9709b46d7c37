package io.hiroi.auth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.TotpEnrollment;
import io.hiroi.auth.TotpReplayGuard;
import io.hiroi.auth.TotpReplayGuardContract;
import io.hiroi.testing.RedisEndpoint;
import io.hiroi.testing.RedisExtension;
import io.lettuce.core.ScanArgs;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisTotpReplayGuardIT extends TotpReplayGuardContract {
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
  protected TotpReplayGuard guard(int replica) {
    return RedisTotpReplayGuard.using(replicas.of(replica));
  }

  @Test
  void usedCodes_expireByThemselves_andHoldNoCode() {
    TotpEnrollment e = service(0).enroll(user, "a@example.com");
    String code = codeNow(e, clock);
    assertThat(service(0).verify(user, e.storedSecret(), code).isValid()).isTrue();
    List<String> keys = replicas.first.sync().scan(ScanArgs.Builder.matches(RedisTotpReplayGuard.KEY_PREFIX + "*").limit(100_000)).getKeys();
    assertThat(keys).isNotEmpty();
    for (String k : keys) {
      assertThat(k).matches("hiroi:totp:(k-.*|[0-9a-f]{64}:[0-9]+)");
      assertThat(replicas.first.sync().pttl(k)).isPositive();
      assertThat(replicas.first.sync().get(k)).isEqualTo("1");
    }
  }
}
