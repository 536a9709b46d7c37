package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.crypto.KeyRing;
import io.hiroi.ratelimit.AuthThrottle;
import io.hiroi.ratelimit.InMemoryRateLimitBackend;
import io.hiroi.ratelimit.RateLimitKey;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Enrolment confirmation and throttled verification of {@link TotpService}. */
class TotpThrottleTest {
  private final KeyRing ring = KeyRing.builder().addGeneratedKey(1).primary(1).build();
  private final FakeClock clock = FakeClock.atRecentTime();
  private final TotpService totp = TotpService.builder(ring, InMemoryTotpReplayGuard.create(1000, clock), "Example")
      .clock(clock)
      .throttle(AuthThrottle.builder("totp", InMemoryRateLimitBackend.create()).build())
      .build();

  private static RateLimitKey client(int n) {
    return RateLimitKey.of("test", "client-" + n);
  }

  private String codeNow(TotpEnrollment e) {
    return TotpReplayGuardContract.codeNow(e, clock);
  }

  @Test
  void repeatedWrongCodes_areThrottledPerUser_andTheRightCodeIsNotUsedUp() {
    TotpEnrollment e = totp.enroll("user-1", "a@example.com");
    String right = codeNow(e);
    String wrong = right.equals("000000") ? "111111" : "000000";
    for (int i = 0; i < AuthThrottle.DEFAULT_ACCOUNT_FREE_FAILURES; i++) {
      assertThat(totp.verify("user-1", e.storedSecret(), i % 2 == 0 ? wrong : "12ab", client(i)).failure())
          .contains(i % 2 == 0 ? TotpVerification.Failure.WRONG_CODE : TotpVerification.Failure.MALFORMED);
    }
    TotpVerification throttled = totp.verify("user-1", e.storedSecret(), right, client(99));
    assertThat(throttled.failure()).contains(TotpVerification.Failure.THROTTLED);
    assertThat(throttled.retryAfter()).isPositive();
    assertThat(throttled.toString()).startsWith("TotpVerification[THROTTLED, retryAfter=PT");
    TotpEnrollment other = totp.enroll("user-2", "b@example.com");
    assertThat(totp.verify("user-2", other.storedSecret(), codeNow(other), client(99)).isValid()).isTrue();
  }

  @Test
  void confirm_acceptsTheFirstCode_whichThenCannotSignIn() {
    TotpEnrollment e = totp.enroll("user-3", "c@example.com");
    String code = codeNow(e);
    assertThat(totp.confirm("user-3", e.storedSecret(), code, client(1)).isValid()).isTrue();
    assertThat(totp.verify("user-3", e.storedSecret(), code, client(1)).failure()).contains(TotpVerification.Failure.REPLAYED);
    clock.advance(TotpService.TIME_STEP);
    assertThat(totp.verify("user-3", e.storedSecret(), codeNow(e), client(1)).isValid()).isTrue();
    assertThat(totp.confirm("user-3", e.storedSecret() + "A", codeNow(e), client(1)).failure()).contains(TotpVerification.Failure.SECRET_UNREADABLE);
  }

  @Test
  void aServiceWithoutAThrottle_isBuiltOnlyWhenTheHostOptsOutExplicitly() {
    TotpService.Builder b = TotpService.builder(ring, InMemoryTotpReplayGuard.create(1000, clock), "Example").clock(clock);
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
        .hasMessage("TotpService needs a throttle: set throttle(AuthThrottle), or opt out explicitly with unthrottled()");
    TotpService plain = b.unthrottled().build();
    TotpEnrollment e = plain.enroll("user-7", "g@example.com");
    assertThat(plain.verify("user-7", e.storedSecret(), codeNow(e)).isValid()).isTrue(); // no client key needed: unthrottled
    assertThatThrownBy(b::unthrottled).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.throttle(AuthThrottle.builder("totp", InMemoryRateLimitBackend.create()).build()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void passwordThenFiveWrongCodes_overAndOver_fromNewAddresses_checksOnlyTheUsersFreeFailures() {
    TotpService throttled = TotpService.builder(ring, InMemoryTotpReplayGuard.create(1000, clock), "Example")
        .clock(clock)
        .throttle(AuthThrottle.builder("totp", InMemoryRateLimitBackend.builder().clock(clock).build()).build())
        .build();
    SignInChallenges challenges = SignInChallenges.builder(InMemoryPendingSignInStore.create(1000, clock)).clock(clock).build();
    TotpEnrollment e = throttled.enroll("user-6", "f@example.com");
    String right = codeNow(e);
    String wrong = right.equals("000000") ? "111111" : "000000";
    int checked = 0;
    for (int round = 0; round < 100; round++) {
      ClientInfo from = ClientInfo.of("198.51.100." + round, "attacker");
      PendingSignIn p = challenges.begin("user-6", Set.of(AuthFactor.PASSWORD), from); // the password was right again
      for (SignInAttempt a = challenges.attempt(p.token()); a.isAllowed(); a = challenges.attempt(p.token())) {
        TotpVerification v = throttled.verify(a.subject().orElseThrow(), e.storedSecret(), wrong, client(round));
        if (v.failure().orElseThrow() != TotpVerification.Failure.THROTTLED) {
          checked++;
        }
        challenges.failed(a, from);
      }
    }
    assertThat(checked).isEqualTo(AuthThrottle.DEFAULT_ACCOUNT_FREE_FAILURES); // not 500
    assertThat(throttled.verify("user-6", e.storedSecret(), right, client(1000)).failure()).contains(TotpVerification.Failure.THROTTLED);
  }

  @Test
  void aThrottledService_demandsTheClientKey() {
    TotpEnrollment e = totp.enroll("user-4", "d@example.com");
    assertThatThrownBy(() -> totp.verify("user-4", e.storedSecret(), codeNow(e))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("this TotpService throttles verification: pass the client's key to verify");
    assertThatThrownBy(() -> totp.confirm("user-4", e.storedSecret(), codeNow(e))).isInstanceOf(IllegalArgumentException.class);
    TotpService plain = TotpService.create(ring, InMemoryTotpReplayGuard.create(1000, clock), "Example", clock);
    TotpEnrollment p = plain.enroll("user-5", "e@example.com");
    assertThat(plain.confirm("user-5", p.storedSecret(), codeNow(p)).isValid()).isTrue();
    clock.advance(TotpService.TIME_STEP);
    assertThat(plain.verify("user-5", p.storedSecret(), codeNow(p), client(1)).isValid()).isTrue();
  }
}
