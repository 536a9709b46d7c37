package io.hiroi.auth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.FakeClock;
import io.hiroi.auth.OneTimeTokenStore;
import io.hiroi.auth.OneTimeTokenStoreContract;
import io.hiroi.auth.TokenPurpose;
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
class RedisOneTimeTokenStoreIT extends OneTimeTokenStoreContract {
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> first;
  private static StatefulRedisConnection<String, String> second;
  private static StatefulRedisConnection<String, String> admin;

  @BeforeAll
  static void connect(RedisEndpoint redis) {
    client = RedisClient.create(redis.uri().toString());
    client.setOptions(TestClients.options());
    first = client.connect();
    second = client.connect();
    admin = client.connect();
  }

  @AfterAll
  static void close() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  @Override
  protected OneTimeTokenStore store(FakeClock clock) {
    return RedisOneTimeTokenStore.using(first);
  }

  @Override
  protected OneTimeTokenStore secondReplica(FakeClock clock) {
    return RedisOneTimeTokenStore.using(second);
  }

  @Test
  void storedKeys_holdOnlyTheHash_andExpireByThemselves() {
    String token = tokens.issue(TokenPurpose.MAGIC_LINK, subject);
    List<String> keys = admin.sync().scan(ScanArgs.Builder.matches("hiroi:ott:*").limit(100_000)).getKeys();
    assertThat(keys).isNotEmpty();
    for (String key : keys) {
      assertThat(key).doesNotContain(token.substring(5)).matches("hiroi:ott:[0-9a-f]{64}");
      String value = admin.sync().get(key);
      if (value != null) {
        assertThat(value).doesNotContain(token.substring(5));
      }
    }
    String key = "hiroi:ott:" + io.hiroi.auth.internal.Secrets.sha256Hex(token);
    assertThat(admin.sync().pttl(key)).isBetween(Duration.ofMinutes(74).toMillis(), Duration.ofMinutes(75).toMillis());
    assertThat(tokens.consume(TokenPurpose.MAGIC_LINK, token).isValid()).isTrue();
    assertThat(admin.sync().exists(key)).isZero();
  }
}
