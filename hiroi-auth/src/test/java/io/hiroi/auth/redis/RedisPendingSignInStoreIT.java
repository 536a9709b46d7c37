package io.hiroi.auth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.AuthFactor;
import io.hiroi.auth.PendingSignIn;
import io.hiroi.auth.PendingSignInStore;
import io.hiroi.auth.SignInChallenges;
import io.hiroi.auth.SignInChallengesContract;
import io.hiroi.auth.SignInCompletion;
import io.hiroi.auth.internal.Secrets;
import io.hiroi.testing.RedisEndpoint;
import io.hiroi.testing.RedisExtension;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisPendingSignInStoreIT extends SignInChallengesContract {
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
  protected PendingSignInStore store(int replica) {
    return RedisPendingSignInStore.using(replicas.of(replica));
  }

  @Test
  void theKeyIsTheTokensHash_holdsNoToken_andExpiresByItself() {
    PendingSignIn p = SignInChallenges.builder(store(0)).build().begin(alice, Set.of(AuthFactor.PASSWORD), CLIENT); // system clock
    String key = RedisPendingSignInStore.KEY_PREFIX + Secrets.sha256Hex(p.token());
    Map<String, String> fields = replicas.admin.sync().hgetall(key);
    assertThat(fields).containsEntry("f", "0").containsKey("v");
    assertThat(fields.get("v")).endsWith("|PASSWORD|" + alice).doesNotContain(p.token().substring(3));
    assertThat(replicas.admin.sync().pttl(key)).isBetween(Duration.ofMinutes(5).toMillis(), Duration.ofMinutes(6).toMillis());
  }

  @Test
  void aForeignRecord_failsClosed() {
    SignInChallenges challenges = challenges(0);
    PendingSignIn p = challenges.begin(alice, Set.of(AuthFactor.PASSWORD), CLIENT);
    replicas.admin.sync().hset(RedisPendingSignInStore.KEY_PREFIX + Secrets.sha256Hex(p.token()), "v", "not|a|record|NOPE");
    assertThat(challenges.subject(p.token())).isEmpty();
    assertThat(challenges.complete(p.token(), AuthFactor.TOTP, alice, CLIENT).failure()).contains(SignInCompletion.Failure.UNAVAILABLE);
  }
}
