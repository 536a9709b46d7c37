package io.hiroi.auth.redis;

import io.hiroi.auth.PendingSignInStore;
import io.hiroi.auth.SignInChallengesContract;
import io.hiroi.testing.RedisClusterEndpoint;
import io.hiroi.testing.RedisClusterExtension;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisClusterExtension.class)
class RedisClusterPendingSignInStoreIT extends SignInChallengesContract {
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
  protected PendingSignInStore store(int replica) {
    return RedisPendingSignInStore.using(replica == 0 ? first : second);
  }
}
