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
  private static StatefulRedisConnection<String, String>[] connections;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void connect(RedisEndpoint redis) {
    client = RedisClient.create(redis.uri().toString());
    client.setOptions(TestClients.options());
    connections = new StatefulRedisConnection[] {client.connect(), client.connect()};
  }

  @AfterAll
  static void close() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  @Override
  protected OneTimeTokenStore tokenStore(int replica) {
    return RedisOneTimeTokenStore.using(connections[replica]);
  }

  @Override
  protected SessionStore sessionStore(int replica) {
    return RedisSessionStore.using(connections[replica]);
  }
}
