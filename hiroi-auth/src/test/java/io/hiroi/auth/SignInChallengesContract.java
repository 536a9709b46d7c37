package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.auth.SignInCompletion.Failure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link PendingSignInStore} passes, through the public {@link
 * SignInChallenges}: in memory, on a single Redis and on a Redis Cluster. A second service on a
 * second store instance (another replica, on another connection for Redis) shares the state.
 */
public abstract class SignInChallengesContract {
  protected static final ClientInfo CLIENT = ClientInfo.of("192.0.2.7", "Mozilla/5.0 (test)");

  protected FakeClock clock;
  protected String alice;
  protected String bob;

  /** The store of one replica ({@code 0} or {@code 1}); the same object for memory. */
  protected abstract PendingSignInStore store(int replica);

  @BeforeEach
  void setUpUsers() {
    clock = FakeClock.atRecentTime();
    alice = "alice-" + UUID.randomUUID();
    bob = "bob-" + UUID.randomUUID();
  }

  protected SignInChallenges.Builder builder(int replica) {
    return SignInChallenges.builder(store(replica)).clock(clock);
  }

  protected SignInChallenges challenges(int replica) {
    return builder(replica).build();
  }

  @Test
  void begin_thenComplete_givesTheUserAndEveryFactor_once() {
    PendingSignIn p = challenges(0).begin(alice, Set.of(AuthFactor.PASSWORD), CLIENT);
    assertThat(p.token()).hasSize(SignInChallenges.TOKEN_LENGTH).startsWith("p1.");
    assertThat(p.expiresAt()).isEqualTo(clock.instant().plus(SignInChallenges.DEFAULT_TTL));
    assertThat(challenges(1).subject(p.token())).contains(alice);

    SignInCompletion c = challenges(1).complete(p.token(), AuthFactor.TOTP, alice, CLIENT);
    assertThat(c.isCompleted()).isTrue();
    assertThat(c.userId()).contains(alice);
    assertThat(c.factors()).containsExactlyInAnyOrder(AuthFactor.PASSWORD, AuthFactor.TOTP);
    assertThat(c.failure()).isEmpty();

    assertThat(challenges(0).complete(p.token(), AuthFactor.TOTP, alice, CLIENT).failure()).contains(Failure.UNKNOWN);
    assertThat(challenges(0).subject(p.token())).isEmpty();
  }

  @Test
  void anotherUsersSecondFactor_isASubjectMismatch_andUsesThePendingSignInUp() {
    PendingSignIn p = challenges(0).begin(alice, Set.of(AuthFactor.MAGIC_LINK), CLIENT);
    SignInCompletion c = challenges(1).complete(p.token(), AuthFactor.PASSKEY, bob, CLIENT);
    assertThat(c.isCompleted()).isFalse();
    assertThat(c.failure()).contains(Failure.SUBJECT_MISMATCH);
    assertThat(c.userId()).isEmpty();
    assertThat(c.factors()).isEmpty();
    assertThat(challenges(0).complete(p.token(), AuthFactor.PASSKEY, alice, CLIENT).failure()).contains(Failure.UNKNOWN);
  }

  @Test
  void aFirstFactorPassedAsSecond_isRefused_andUsesNothingUp() {
    PendingSignIn p = challenges(0).begin(alice, Set.of(AuthFactor.PASSWORD), CLIENT);
    for (AuthFactor f : EnumSet.of(AuthFactor.PASSWORD, AuthFactor.MAGIC_LINK, AuthFactor.FEDERATED)) {
      assertThat(challenges(0).complete(p.token(), f, alice, CLIENT).failure()).as(f.name()).contains(Failure.NOT_A_SECOND_FACTOR);
    }
    assertThat(challenges(1).complete(p.token(), AuthFactor.RECOVERY_CODE, alice, CLIENT).factors())
        .containsExactlyInAnyOrder(AuthFactor.PASSWORD, AuthFactor.RECOVERY_CODE);
  }

  @Test
  void afterItsLifetime_thePendingSignInIsExpired_andGone() {
    SignInChallenges challenges = builder(0).ttl(Duration.ofMinutes(2)).build();
    PendingSignIn p = challenges.begin(alice, Set.of(AuthFactor.PASSWORD), CLIENT);
    clock.advance(Duration.ofMinutes(2).minusMillis(1));
    assertThat(challenges.subject(p.token())).contains(alice);
    clock.advance(Duration.ofMillis(1));
    assertThat(challenges.subject(p.token())).isEmpty();
    assertThat(challenges.complete(p.token(), AuthFactor.TOTP, alice, CLIENT).failure()).contains(Failure.EXPIRED);
    assertThat(challenges.complete(p.token(), AuthFactor.TOTP, alice, CLIENT).failure()).contains(Failure.UNKNOWN);
  }

  @Test
  void wrongAttempts_areBounded_theLastEndingThePendingSignIn_onEveryReplica() {
    SignInChallenges first = builder(0).maxFailures(3).build();
    SignInChallenges second = builder(1).maxFailures(3).build();
    PendingSignIn p = first.begin(alice, Set.of(AuthFactor.PASSWORD), CLIENT);
    SignInAttempt a1 = first.attempt(p.token());
    assertThat(a1.subject()).contains(alice);
    assertThat(a1.attemptsLeft()).isEqualTo(2);
    assertThat(first.failed(a1, CLIENT)).isEqualTo(2);
    assertThat(second.failed(second.attempt(p.token()), CLIENT)).isEqualTo(1);
    assertThat(second.subject(p.token())).contains(alice);
    SignInAttempt last = first.attempt(p.token());
    assertThat(last.isAllowed()).isTrue();
    assertThat(last.attemptsLeft()).isZero();
    assertThat(first.failed(last, CLIENT)).isZero();
    assertThat(second.subject(p.token())).isEmpty();
    assertThat(second.attempt(p.token()).failure()).contains(Failure.UNKNOWN);
    assertThat(second.complete(p.token(), AuthFactor.TOTP, alice, CLIENT).failure()).contains(Failure.UNKNOWN);
  }

  @Test
  void aRightFactor_onTheLastAllowedAttempt_stillCompletes_andTheNextAttemptIsRefused() {
    SignInChallenges first = builder(0).maxFailures(3).build();
    SignInChallenges second = builder(1).maxFailures(3).build();
    PendingSignIn p = first.begin(alice, Set.of(AuthFactor.PASSWORD), CLIENT);
    first.failed(first.attempt(p.token()), CLIENT);
    second.failed(second.attempt(p.token()), CLIENT);
    SignInAttempt third = first.attempt(p.token());
    assertThat(third.isAllowed()).isTrue();
    assertThat(third.attemptsLeft()).isZero();
    assertThat(second.complete(p.token(), AuthFactor.TOTP, alice, CLIENT).isCompleted()).isTrue();

    PendingSignIn q = first.begin(alice, Set.of(AuthFactor.PASSWORD), CLIENT);
    for (int i = 0; i < 3; i++) {
      assertThat(first.attempt(q.token()).isAllowed()).isTrue(); // reserved, never reported: still counted
    }
    SignInAttempt fourth = second.attempt(q.token());
    assertThat(fourth.isAllowed()).isFalse();
    assertThat(fourth.subject()).isEmpty();
    assertThat(fourth.failure()).contains(Failure.UNKNOWN);
    assertThat(first.complete(q.token(), AuthFactor.TOTP, alice, CLIENT).failure()).contains(Failure.UNKNOWN);
  }

  @Test
  void concurrentWrongAttempts_onOnePendingSignIn_checkTheFactorAtMostMaxFailuresTimes() throws Exception {
    SignInChallenges[] replicas = {builder(0).maxFailures(5).build(), builder(1).maxFailures(5).build()};
    PendingSignIn p = replicas[0].begin(alice, Set.of(AuthFactor.PASSWORD), CLIENT);
    int requests = 100;
    java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(requests); // one thread per request: none waits for a free one
    try {
      CountDownLatch start = new CountDownLatch(1);
      CountDownLatch allAttempted = new CountDownLatch(requests);
      List<Future<?>> results = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        SignInChallenges c = replicas[i % 2];
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  SignInAttempt a = c.attempt(p.token());
                  allAttempted.countDown();
                  if (a.isAllowed()) {
                    checks.incrementAndGet(); // the host checks the (wrong) code of a.subject() here,
                    allAttempted.await(); // and every request has passed attempt() before any reports
                    c.failed(a, CLIENT);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : results) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(checks.get()).isEqualTo(5);
    assertThat(replicas[1].subject(p.token())).isEmpty();
  }

  @Test
  void badTokens_neverThrow() {
    SignInChallenges challenges = challenges(0);
    PendingSignIn p = challenges.begin(alice, Set.of(AuthFactor.PASSWORD), CLIENT);
    String t = p.token();
    List<String> bad =
        List.of(
            "",
            "p1.",
            t.substring(0, t.length() - 1),
            t + "A",
            "p2." + t.substring(3),
            "o1." + t.substring(3),
            t.substring(0, 10) + "%" + t.substring(11),
            "p1." + "A".repeat(43),
            t.replace('p', '\u0440'),
            "x".repeat(10_000));
    for (String b : bad) {
      assertThat(challenges.subject(b)).as(b).isEmpty();
      assertThat(challenges.attempt(b).isAllowed()).as(b).isFalse();
      assertThat(challenges.failed(challenges.attempt(b), CLIENT)).as(b).isZero();
      assertThat(challenges.complete(b, AuthFactor.TOTP, alice, CLIENT).failure().orElseThrow()).as(b).isIn(Failure.MALFORMED, Failure.UNKNOWN);
    }
    assertThat(challenges.subject(t)).contains(alice); // none of them touched the real one
  }

  @Test
  void fiftyConcurrentCompletions_onTwoReplicas_exactlyOneWins() throws Exception {
    SignInChallenges[] replicas = {challenges(0), challenges(1)};
    for (int round = 0; round < 3; round++) {
      PendingSignIn p = replicas[0].begin(alice, Set.of(AuthFactor.PASSWORD), CLIENT);
      ExecutorService pool = Executors.newFixedThreadPool(50);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<SignInCompletion>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          SignInChallenges c = replicas[i % 2];
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    return c.complete(p.token(), AuthFactor.TOTP, alice, CLIENT);
                  }));
        }
        start.countDown();
        int won = 0;
        for (Future<SignInCompletion> f : results) {
          SignInCompletion c = f.get(60, TimeUnit.SECONDS);
          if (c.isCompleted()) {
            won++;
          } else {
            assertThat(c.failure()).contains(Failure.UNKNOWN);
          }
        }
        assertThat(won).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void tokensAreDistinct_andOnlyTheirHashIsAKey() {
    SignInChallenges challenges = challenges(0);
    PendingSignIn a = challenges.begin(alice, Set.of(AuthFactor.PASSWORD), CLIENT);
    PendingSignIn b = challenges.begin(alice, Set.of(AuthFactor.PASSWORD), CLIENT);
    assertThat(a.token()).isNotEqualTo(b.token());
    assertThat(a.toString()).isEqualTo("PendingSignIn[redacted]").doesNotContain(a.token());
    assertThat(store(0).get(a.token())).isEmpty();
    assertThat(store(0).get(io.hiroi.auth.internal.Secrets.sha256Hex(a.token()))).hasValueSatisfying(v -> assertThat(v).endsWith("|PASSWORD|" + alice));
  }

  // ---- the store port itself ----

  @Test
  void store_take_isGetAndDelete_andFailCountsToTheLimit() {
    PendingSignInStore s = store(0);
    String key = io.hiroi.auth.internal.Secrets.sha256Hex(UUID.randomUUID().toString());
    assertThat(s.take(key)).isEmpty();
    assertThat(s.fail(key, 2)).isZero();
    s.put(key, "v1", Duration.ofMinutes(5));
    assertThat(store(1).get(key)).contains("v1");
    assertThat(s.fail(key, 3)).isEqualTo(1);
    assertThat(store(1).fail(key, 3)).isEqualTo(2);
    assertThat(store(1).take(key)).contains("v1");
    assertThat(s.take(key)).isEmpty();
    s.put(key, "v2", Duration.ofMinutes(5));
    assertThat(s.fail(key, 1)).isEqualTo(1);
    assertThat(s.get(key)).isEmpty();
  }
}
