package io.hiroi.auth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.ClientInfo;
import io.hiroi.auth.DeviceStore;
import io.hiroi.auth.DeviceStoreContract;
import io.hiroi.auth.NewDeviceDetector;
import io.hiroi.testing.RedisEndpoint;
import io.hiroi.testing.RedisExtension;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisDeviceStoreIT extends DeviceStoreContract {
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
  protected DeviceStore store() {
    return RedisDeviceStore.using(replicas.first);
  }

  @Override
  protected DeviceStore secondReplica() {
    return RedisDeviceStore.using(replicas.second);
  }

  @Test
  void aDumpOfRedis_holdsNoUserIdAddressOrUserAgent_andKeysExpire() {
    NewDeviceDetector live = NewDeviceDetector.builder(ring, RedisDeviceStore.using(replicas.first)).build(); // system clock: real TTLs
    live.check(user, "cookie-" + user, ClientInfo.of("203.0.113.77", CHROME_WIN_120));
    live.check(user, null, ClientInfo.of("203.0.113.77", CHROME_WIN_120));
    RedisCommands<String, String> redis = replicas.first.sync();
    List<String> keys = redis.scan(ScanArgs.Builder.matches(RedisDeviceStore.KEY_PREFIX + "*").limit(100_000)).getKeys();
    assertThat(keys).isNotEmpty();
    boolean sawThree = false;
    for (String key : keys) {
      assertThat(key).doesNotContain(user).matches("hiroi:dev:[0-9a-f]{64}");
      assertThat(redis.pttl(key)).isPositive();
      List<String> members = redis.zrange(key, 0, -1);
      sawThree |= members.size() == 3; // cookie device, user-agent device, one network
      for (String m : members) {
        assertThat(m).matches("[0-9a-f]{32}"); // 128 bits of an HMAC: no address, user agent or cookie text
      }
    }
    assertThat(sawThree).isTrue();
  }
}
