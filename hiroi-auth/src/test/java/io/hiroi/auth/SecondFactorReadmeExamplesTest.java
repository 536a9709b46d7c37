package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.crypto.KeyRing;
import io.hiroi.ratelimit.AuthThrottle;
import io.hiroi.ratelimit.InMemoryRateLimitBackend;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.testing.ReadmeSnippets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's second-factor sign-in and factor-change example, compiled and run here. */
class SecondFactorReadmeExamplesTest {
  private final FakeClock clock = FakeClock.atRecentTime();
  private final Map<String, String> totpSecrets = new HashMap<>();
  private final Map<String, String> cookies = new HashMap<>();
  private TotpEnrollment enrolled;

  @TempDir Path dir;

  @Test
  void readmeShowsThisExample() {
    ReadmeSnippets.assertReadmeMatches(Paths.get("src/test/java/io/hiroi/auth/SecondFactorReadmeExamplesTest.java"));
  }

  @Test
  void passwordThenTotp_thenRemovingTheFactorSignsOutTheOtherDevices() {
    KeyRing keyRing = KeyRing.builder().addGeneratedKey(1).primary(1).build();
    TotpService totp = TotpService.builder(keyRing, InMemoryTotpReplayGuard.create(1000, clock), "Acme Chat")
        .throttle(AuthThrottle.builder("totp", InMemoryRateLimitBackend.create()).build()) // per user, across pending sign-ins
        .clock(clock)
        .build();
    RateLimitKey clientKey = RateLimitKey.of("ip", "203.0.113.7");
    SessionManager sessions = SessionManager.builder(InMemorySessionStore.create(1000, clock)).clock(clock).build();
    PendingSignInStore pendingStore = InMemoryPendingSignInStore.create(1000, clock); // or RedisPendingSignInStore.using(connection)
    ClientInfo client = ClientInfo.of("203.0.113.7", "Mozilla/5.0");
    String userId = "user-42";
    enrolled = totp.enroll(userId, "alice@example.com");
    totpSecrets.put(userId, enrolled.storedSecret());
    IssuedSession laptop = sessions.create(userId, Set.of(AuthFactor.PASSWORD, AuthFactor.TOTP), client);
    try (TestAudit trail = new TestAudit(dir)) {
      AuthAudit audit = AuthAudit.required(trail.log());

      // region readme:auth-second-factor
      SignInChallenges challenges = SignInChallenges.builder(pendingStore)
          .ttl(SignInChallenges.DEFAULT_TTL).maxFailures(5) // 5 minutes, 5 wrong codes: the defaults
          .audit(audit).clock(clock)
          .build();
      FactorChanges changes = FactorChanges.builder(sessions).audit(audit).build();

      // The password was right and the user has TOTP: no session yet, a short-lived cookie instead.
      PendingSignIn pending = challenges.begin(userId, Set.of(AuthFactor.PASSWORD), client);
      cookies.put("__Host-mfa", pending.token());

      // POST /sign-in/totp: check the code of the user who passed the password, nobody else's.
      String token = cookies.get("__Host-mfa");
      SignInAttempt attempt = challenges.attempt(token); // counted now, before the code is checked
      IssuedSession session = null;
      if (attempt.isAllowed()) { // else UNKNOWN (used, ended, forged), EXPIRED, MALFORMED or UNAVAILABLE
        String subject = attempt.subject().get();
        if (totp.verify(subject, totpSecrets.get(subject), codeFromApp(), clientKey).isValid()) { // throttled per user
          SignInCompletion done = challenges.complete(token, AuthFactor.TOTP, subject, client);
          if (done.isCompleted()) { // else SUBJECT_MISMATCH, UNKNOWN (used), EXPIRED, AUDIT_UNAVAILABLE, ...
            session = sessions.create(done.userId().get(), done.factors(), client); // PASSWORD + TOTP
          }
        } else {
          int attemptsLeft = challenges.failed(attempt, client); // 0: start again from the password
        }
      }

      // Later, on the settings page: recorded first, other devices signed out, then persisted.
      FactorChangeOutcome removed = changes.removed(userId, AuthFactor.TOTP, session.session().id(), client,
          () -> totpSecrets.remove(userId));
      // endregion

      assertThat(removed.isApplied()).isTrue();
      assertThat(removed.otherSessionsEnded()).isEqualTo(1);
      assertThat(totpSecrets).isEmpty();
      assertThat(sessions.validate(session.token()).isValid()).isTrue();
      assertThat(sessions.validate(laptop.token()).isValid()).isFalse();
      assertThat(session.session().factors()).containsExactlyInAnyOrder(AuthFactor.PASSWORD, AuthFactor.TOTP);
      assertThat(challenges.subject(token)).isEmpty();
      List<String> types = List.of(AuthAudit.SECOND_FACTOR_REQUIRED, AuthAudit.SECOND_FACTOR_SUCCEEDED, AuthAudit.FACTOR_REMOVED);
      for (String type : types) {
        assertThat(trail.ofType(type)).as(type).hasSize(1);
      }
    }
  }

  private String codeFromApp() {
    return TotpReplayGuardContract.codeNow(enrolled, clock);
  }
}
