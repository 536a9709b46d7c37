package io.hiroi.auth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.RecoveryCodeSet;
import io.hiroi.auth.RecoveryCodeStore;
import io.hiroi.auth.RecoveryCodeStoreContract;
import io.hiroi.testing.RedisEndpoint;
import io.hiroi.testing.RedisExtension;
import io.lettuce.core.ScanArgs;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisRecoveryCodeStoreIT extends RecoveryCodeStoreContract {
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
  protected RecoveryCodeStore store(int replica) {
    return RedisRecoveryCodeStore.using(replicas.of(replica));
  }

  @Override
  protected java.util.Set<String> held(String userKey) {
    return replicas.admin.sync().smembers(RedisRecoveryCodeStore.KEY_PREFIX + "{" + userKey + "}");
  }

  @Test
  void theSet_holdsHashesOnly_underOneHashTag() {
    RecoveryCodeSet set = codes(0).generate(user);
    List<String> keys = replicas.first.sync().scan(ScanArgs.Builder.matches(RedisRecoveryCodeStore.KEY_PREFIX + "*").limit(100_000)).getKeys();
    assertThat(keys).isNotEmpty().allMatch(k -> k.matches("hiroi:recovery:\\{[0-9a-f]{64}\\}")).noneMatch(k -> k.contains(user));
    assertThat(replicas.first.sync().smembers(RedisRecoveryCodeStore.KEY_PREFIX + "{" + io.hiroi.auth.internal.Secrets.sha256Hex(user) + "}")).hasSize(10);
    for (String k : keys) {
      for (String member : replicas.first.sync().smembers(k)) {
        assertThat(member).matches("[0-9a-f]{64}");
        assertThat(set.codes()).noneMatch(c -> member.contains(c.replace("-", "")));
      }
    }
  }
}
