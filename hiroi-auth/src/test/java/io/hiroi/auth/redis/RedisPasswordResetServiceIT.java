package io.hiroi.auth.redis;

import io.hiroi.auth.OneTimeTokenStore;
import io.hiroi.auth.PasswordResetServiceContract;
import io.hiroi.auth.SessionStore;
import io.hiroi.testing.RedisEndpoint;
import io.hiroi.testing.RedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The password reset contract on a real Redis, two replicas on two connections. */
@ExtendWith(RedisExtension.class)
class RedisPasswordResetServiceIT extends PasswordResetServiceContract {
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
  protected OneTimeTokenStore tokenStore(int replica) {
    return RedisOneTimeTokenStore.using(replicas.of(replica));
  }

  @Override
  protected SessionStore sessionStore(int replica) {
    return RedisSessionStore.using(replicas.of(replica));
  }
}
