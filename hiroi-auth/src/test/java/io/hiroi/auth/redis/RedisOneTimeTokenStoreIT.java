package io.hiroi.auth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.FakeClock;
import io.hiroi.auth.OneTimeTokenStore;
import io.hiroi.auth.OneTimeTokenStoreContract;
import io.hiroi.auth.TokenPurpose;
import io.hiroi.testing.RedisEndpoint;
import io.hiroi.testing.RedisExtension;
import io.lettuce.core.ScanArgs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisOneTimeTokenStoreIT extends OneTimeTokenStoreContract {
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
  protected OneTimeTokenStore store(FakeClock clock) {
    return RedisOneTimeTokenStore.using(replicas.first);
  }

  @Override
  protected OneTimeTokenStore secondReplica(FakeClock clock) {
    return RedisOneTimeTokenStore.using(replicas.second);
  }

  @Test
  void storedKeys_holdOnlyTheHash_andExpireByThemselves() {
    String token = tokens.issue(TokenPurpose.MAGIC_LINK, subject);
    List<String> keys = replicas.admin.sync().scan(ScanArgs.Builder.matches("hiroi:ott:*").limit(100_000)).getKeys();
    assertThat(keys).isNotEmpty();
    for (String key : keys) {
      assertThat(key).doesNotContain(token.substring(5)).matches("hiroi:ott:[0-9a-f]{64}");
      String value = replicas.admin.sync().get(key);
      if (value != null) {
        assertThat(value).doesNotContain(token.substring(5));
      }
    }
    String key = "hiroi:ott:" + io.hiroi.auth.internal.Secrets.sha256Hex(token);
    assertThat(replicas.admin.sync().pttl(key)).isBetween(Duration.ofMinutes(74).toMillis(), Duration.ofMinutes(75).toMillis());
    assertThat(tokens.consume(TokenPurpose.MAGIC_LINK, token).isValid()).isTrue();
    assertThat(replicas.admin.sync().exists(key)).isZero();
  }
}
