package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.testing.SoftwareAuthenticator;
import io.hiroi.testing.SoftwareAuthenticator.Algorithm;
import io.hiroi.auth.redis.RedisOneTimeTokenStore;
import io.hiroi.ratelimit.redis.RedisRateLimitBackend;
import io.hiroi.testing.RedisEndpoint;
import io.hiroi.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Passkey challenges in real Redis: any replica finishes a ceremony another started, once. */
@ExtendWith(RedisExtension.class)
class PasskeyRedisIT {
  private static final String ORIGIN = "https://example.com";
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> first;
  private static StatefulRedisConnection<String, String> second;

  private final Map<String, PasskeyCredential> repository = new ConcurrentHashMap<>();
  private final PasskeyService.CredentialLookup lookup = id -> Optional.ofNullable(repository.get(id));

  @BeforeAll
  static void connect(RedisEndpoint redis) {
    client = RedisClient.create(redis.uri().toString());
    client.setOptions(RedisRateLimitBackend.recommendedClientOptions().mutate()
        .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(15))).build());
    first = client.connect();
    second = client.connect();
  }

  @AfterAll
  static void close() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  private static PasskeyService replica(StatefulRedisConnection<String, String> connection) {
    return PasskeyService.builder("example.com", "Example", RedisOneTimeTokenStore.using(connection)).origin(ORIGIN).build();
  }

  @Test
  void aCeremonyStartedOnOneReplica_finishesOnAnother_once() throws Exception {
    PasskeyService a = replica(first);
    PasskeyService b = replica(second);
    SoftwareAuthenticator authenticator = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    PasskeyUser user = PasskeyUser.of(PasskeyService.newUserHandle(), "alice@example.com", "Alice");

    PasskeyCeremony reg = a.startRegistration(user, List.of());
    String created = authenticator.create(reg.optionsJson());
    PasskeyCredential credential = b.finishRegistration(reg.id(), created, lookup).credential().orElseThrow();
    repository.put(credential.credentialId(), credential);
    assertThat(a.finishRegistration(reg.id(), created, lookup).failure()).hasValue(PasskeyFailure.UNKNOWN_CEREMONY);

    PasskeyCeremony signIn = b.startAuthentication();
    String assertion = authenticator.get(signIn.optionsJson());
    assertThat(a.finishAuthentication(signIn.id(), assertion, lookup).userHandle()).hasValue(user.handle());
    assertThat(b.finishAuthentication(signIn.id(), assertion, lookup).failure()).hasValue(PasskeyFailure.UNKNOWN_CEREMONY);
  }

  @Test
  void twentyConcurrentFinishes_ofOneAssertion_succeedOnce() throws Exception {
    PasskeyService a = replica(first);
    PasskeyService b = replica(second);
    SoftwareAuthenticator authenticator = new SoftwareAuthenticator(Algorithm.ES256, ORIGIN, 0);
    PasskeyCeremony reg = a.startRegistration(PasskeyUser.of(PasskeyService.newUserHandle(), "bob", "Bob"), List.of());
    PasskeyCredential credential = a.finishRegistration(reg.id(), authenticator.create(reg.optionsJson()), lookup).credential().orElseThrow();
    repository.put(credential.credentialId(), credential);
    PasskeyCeremony signIn = a.startAuthentication();
    String assertion = authenticator.get(signIn.optionsJson());

    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<PasskeyAuthentication>> results = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      PasskeyService service = i % 2 == 0 ? a : b;
      results.add(pool.submit(() -> {
        go.await();
        return service.finishAuthentication(signIn.id(), assertion, lookup);
      }));
    }
    go.countDown();
    int valid = 0;
    for (Future<PasskeyAuthentication> f : results) {
      PasskeyAuthentication r = f.get();
      if (r.isValid()) {
        valid++;
      } else {
        assertThat(r.failure()).hasValue(PasskeyFailure.UNKNOWN_CEREMONY);
      }
    }
    pool.shutdown();
    assertThat(valid).isEqualTo(1);
  }
}
