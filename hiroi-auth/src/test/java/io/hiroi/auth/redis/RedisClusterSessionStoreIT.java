package io.hiroi.auth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.FakeClock;
import io.hiroi.auth.IssuedSession;
import io.hiroi.auth.SessionStore;
import io.hiroi.auth.SessionStoreContract;
import io.hiroi.testing.RedisClusterEndpoint;
import io.hiroi.testing.RedisClusterExtension;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisClusterExtension.class)
class RedisClusterSessionStoreIT extends SessionStoreContract {
  private static RedisClusterClient client;
  private static StatefulRedisClusterConnection<String, String> first;
  private static StatefulRedisClusterConnection<String, String> second;

  @BeforeAll
  static void connect(RedisClusterEndpoint cluster) {
    client = RedisClusterClient.create(cluster.redisUris());
    client.setOptions(TestClients.clusterOptions());
    first = client.connect();
    second = client.connect();
  }

  @AfterAll
  static void close() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  @Override
  protected SessionStore store(FakeClock clock) {
    return RedisSessionStore.using(first);
  }

  @Override
  protected SessionStore secondReplica(FakeClock clock) {
    return RedisSessionStore.using(second);
  }

  @Test
  void usersSpreadOverEveryMaster_andEachSignOutEverywhereWorks() {
    Set<Integer> masters = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      String u = "cluster-" + UUID.randomUUID();
      IssuedSession a = signIn(u);
      IssuedSession b = signIn(u);
      masters.add(SlotHash.getSlot("{u:" + a.token().substring(3, 7) + "}") * 3 / 16384);
      assertThat(replica.validate(a.token()).isValid()).isTrue();
      assertThat(sessions.revokeAll(u)).isEqualTo(2);
      assertThat(replica.validate(b.token()).isValid()).isFalse();
    }
    assertThat(masters).containsExactlyInAnyOrder(0, 1, 2);
  }
}
