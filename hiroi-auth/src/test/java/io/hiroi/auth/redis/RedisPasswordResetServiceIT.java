package io.hiroi.auth.redis;

import io.hiroi.auth.OneTimeTokenStore;
import io.hiroi.auth.PasswordResetServiceContract;
import io.hiroi.auth.SessionStore;
import io.hiroi.testing.RedisEndpoint;
import io.hiroi.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The password reset contract on a real Redis, two replicas on two connections. */
@ExtendWith(RedisExtension.class)
class RedisPasswordResetServiceIT extends PasswordResetServiceContract {
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
  protected OneTimeTokenStore tokenStore(int replica) {
    return RedisOneTimeTokenStore.using(replica == 0 ? first : second);
  }

  @Override
  protected SessionStore sessionStore(int replica) {
    return RedisSessionStore.using(replica == 0 ? first : second);
  }
}
