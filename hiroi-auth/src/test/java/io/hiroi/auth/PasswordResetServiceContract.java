package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.ratelimit.InMemoryRateLimitBackend;
import io.hiroi.ratelimit.Limit;
import io.hiroi.ratelimit.RateLimiter;
import java.util.ArrayList;
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
 * What {@link PasswordResetService} guarantees on every token and session store: in memory and on
 * a real Redis (two replicas, each with its own store instance and connection).
 */
public abstract class PasswordResetServiceContract {
  protected FakeClock clock;
  protected final ResetFixture host = new ResetFixture();
  protected String email;
  protected String userId;

  /** A token store; {@code replica} 0 and 1 share state. */
  protected abstract OneTimeTokenStore tokenStore(int replica);

  /** A session store; {@code replica} 0 and 1 share state. */
  protected abstract SessionStore sessionStore(int replica);

  @BeforeEach
  void setUp() {
    clock = FakeClock.atRecentTime();
    userId = "user-" + UUID.randomUUID();
    email = userId + "@example.com";
    host.add(email, userId, "old password 1", false);
  }

  protected SessionManager sessions(int replica) {
    return SessionManager.builder(sessionStore(replica)).clock(clock).build();
  }

  protected PasswordResetService service(int replica) {
    InMemoryRateLimitBackend limits = InMemoryRateLimitBackend.create();
    return PasswordResetService.builder(
            OneTimeTokens.builder(tokenStore(replica)).clock(clock).build(), sessions(replica), host, ResetFixture.HASHER, host)
        .rateLimits(
            RateLimiter.builder("reset-account", limits).limit(Limit.perHour("reset", 1000)).build(),
            RateLimiter.builder("reset-client", limits).limit(Limit.perHour("reset", 1000)).build())
        .build();
  }

  @Test
  void aReset_changesThePassword_endsEverySession_andCreatesNone() {
    SessionManager sessions = sessions(0);
    IssuedSession before = sessions.create(userId, Set.of(AuthFactor.PASSWORD), ClientInfo.unknown());
    PasswordResetService reset = service(0);
    assertThat(reset.request(email, ClientInfo.of("192.0.2.1", "UA")).isAccepted()).isTrue();
    PasswordReset done = service(1).reset(host.lastToken(), "new password 2".toCharArray(), ClientInfo.of("192.0.2.1", "UA"));
    assertThat(done.isSuccess()).isTrue();
    assertThat(done.userId()).contains(userId);
    assertThat(done.sessionsRevoked()).isEqualTo(1);
    assertThat(done.secondFactorRequired()).isFalse();
    assertThat(ResetFixture.HASHER.verify(host.hashes.get(userId), "new password 2".toCharArray())).isTrue();
    assertThat(sessions(1).validate(before.token()).isValid()).isFalse();
    assertThat(sessions.sessions(userId)).isEmpty();
  }

  @Test
  void aTokenUsedTwice_resetsOnce() {
    service(0).request(email, ClientInfo.unknown());
    String token = host.lastToken();
    assertThat(service(0).reset(token, "new password 2".toCharArray(), ClientInfo.unknown()).isSuccess()).isTrue();
    PasswordReset again = service(1).reset(token, "attacker password".toCharArray(), ClientInfo.unknown());
    assertThat(again.failure()).contains(PasswordReset.Failure.INVALID_TOKEN);
    assertThat(again.tokenFailure()).contains(TokenConsumption.Failure.UNKNOWN);
    assertThat(ResetFixture.HASHER.verify(host.hashes.get(userId), "new password 2".toCharArray())).isTrue();
  }

  @Test
  void fiftyThreadsOnTwoReplicas_resetExactlyOnce() throws Exception {
    service(0).request(email, ClientInfo.unknown());
    String token = host.lastToken();
    PasswordResetService[] replicas = {service(0), service(1)};
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<PasswordReset>> results = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        PasswordResetService r = replicas[i % 2];
        String password = "racer password " + i;
        results.add(pool.submit(() -> {
          start.await();
          return r.reset(token, password.toCharArray(), ClientInfo.unknown());
        }));
      }
      start.countDown();
      int wins = 0;
      String winner = null;
      for (int i = 0; i < 50; i++) {
        PasswordReset r = results.get(i).get(60, TimeUnit.SECONDS);
        if (r.isSuccess()) {
          wins++;
          winner = "racer password " + i;
        } else {
          assertThat(r.failure()).contains(PasswordReset.Failure.INVALID_TOKEN);
        }
      }
      assertThat(wins).isEqualTo(1);
      assertThat(ResetFixture.HASHER.verify(host.hashes.get(userId), winner.toCharArray())).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anUnregisteredEmail_getsTheSameAnswer_andNoMail_andItsTokenWorksNowhere() {
    PasswordResetRequest unknown = service(0).request("nobody-" + UUID.randomUUID() + "@example.com", ClientInfo.unknown());
    assertThat(unknown.status()).isEqualTo(PasswordResetRequest.Status.ACCEPTED);
    assertThat(unknown.retryAfter()).isZero();
    assertThat(host.outbox).isEmpty();
    PasswordResetRequest known = service(0).request(email, ClientInfo.unknown());
    assertThat(known.status()).isEqualTo(unknown.status());
    assertThat(known.toString()).isEqualTo(unknown.toString());
    assertThat(host.outbox).hasSize(1);
  }

  @Test
  void anExpiredToken_fails_andChangesNothing() {
    service(0).request(email, ClientInfo.unknown());
    String before = host.hashes.get(userId);
    clock.advance(TokenPurpose.PASSWORD_RESET.defaultTtl());
    PasswordReset late = service(1).reset(host.lastToken(), "new password 2".toCharArray(), ClientInfo.unknown());
    assertThat(late.failure()).contains(PasswordReset.Failure.INVALID_TOKEN);
    assertThat(late.tokenFailure()).contains(TokenConsumption.Failure.EXPIRED);
    assertThat(host.hashes.get(userId)).isEqualTo(before);
  }

  @Test
  void aMagicLinkToken_isNotAResetToken() {
    String magic = OneTimeTokens.builder(tokenStore(0)).clock(clock).build().issue(TokenPurpose.MAGIC_LINK, userId);
    PasswordReset r = service(0).reset(magic, "new password 2".toCharArray(), ClientInfo.unknown());
    assertThat(r.tokenFailure()).contains(TokenConsumption.Failure.WRONG_PURPOSE);
  }
}
