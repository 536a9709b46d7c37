package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.crypto.KeyRing;
import io.hiroi.ratelimit.AuthThrottle;
import io.hiroi.ratelimit.InMemoryRateLimitBackend;
import io.hiroi.ratelimit.RateLimitBackend;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.testing.ReadmeSnippets;
import java.net.InetAddress;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's TOTP confirmation, throttling and recovery-code example, compiled and run here. */
class TotpReadmeExamplesTest {
  private final Map<String, String> pendingSecrets = new HashMap<>();
  private final Map<String, String> activeSecrets = new HashMap<>();
  private final List<String> shown = new ArrayList<>();
  private FakeClock clock;

  @Test
  void readmeShowsThisExample() {
    ReadmeSnippets.assertReadmeMatches(Paths.get("src/test/java/io/hiroi/auth/TotpReadmeExamplesTest.java"));
  }

  @Test
  void confirmationThrottlingAndRecoveryCodes() throws Exception {
    KeyRing keyRing = KeyRing.builder().addGeneratedKey(1).primary(1).build();
    clock = FakeClock.atRecentTime();
    TotpReplayGuard replayGuard = InMemoryTotpReplayGuard.create(1000, clock);
    RateLimitBackend backend = InMemoryRateLimitBackend.create();
    RecoveryCodeStore recoveryStore = InMemoryRecoveryCodeStore.create(); // or RedisRecoveryCodeStore.using(connection)
    String userId = "user-42";
    RateLimitKey client = RateLimitKey.ip(InetAddress.getByName("203.0.113.7"));

    // region readme:auth-totp-confirm
    TotpService totp = TotpService.builder(keyRing, replayGuard, "Acme Chat")
        .algorithm(TotpService.Algorithm.SHA1).digits(6) // the defaults every app reads
        .throttle(AuthThrottle.builder("totp", backend).build())
        .clock(clock) // Clock.systemUTC() by default
        .build();
    RecoveryCodes recovery = RecoveryCodes.create(recoveryStore);

    // Enrolment: the secret stays pending until the user's app proves it holds it.
    TotpEnrollment enrollment = totp.enroll(userId, "alice@example.com");
    pendingSecrets.put(userId, enrollment.storedSecret());
    show(enrollment.otpauthUri());
    if (totp.confirm(userId, pendingSecrets.get(userId), codeFromApp(), client).isValid()) {
      activeSecrets.put(userId, pendingSecrets.remove(userId)); // the factor is active now
      recovery.generate(userId).codes().forEach(this::show);    // ten codes, shown once; only hashes kept
    }

    // Sign-in, second step: a code from the app, or else one recovery code (each works once).
    TotpVerification v = totp.verify(userId, activeSecrets.get(userId), codeFromApp(), client);
    boolean viaApp = v.isValid(); // else WRONG_CODE, REPLAYED, THROTTLED (v.retryAfter()), ...
    boolean viaRecovery = !viaApp && recovery.redeem(userId, codeFromPaper()).isValid();
    // endregion
    assertThat(activeSecrets).containsKey(userId);
    assertThat(pendingSecrets).isEmpty();
    assertThat(viaApp).isFalse(); // the same step's code was used up by the confirmation
    assertThat(v.failure()).contains(TotpVerification.Failure.REPLAYED);
    assertThat(viaRecovery).isTrue();
    assertThat(recovery.remaining(userId)).isEqualTo(9);
    assertThat(recovery.redeem(userId, codeFromPaper()).failure()).contains(RecoveryCodeRedemption.Failure.WRONG_CODE);
    clock.advance(TotpService.TIME_STEP);
    assertThat(totp.verify(userId, activeSecrets.get(userId), codeFromApp(), client).isValid()).isTrue();
  }

  private void show(String text) {
    shown.add(text);
  }

  /** What the user's authenticator app shows now (read back from the URI shown). */
  private String codeFromApp() {
    String uri = shown.get(0);
    String base32 = uri.substring(uri.indexOf("secret=") + 7, uri.indexOf('&'));
    return TotpService.codeAt(TotpServiceTest.decodeBase32(base32), clock.instant(), 6, "HmacSHA1");
  }

  /** The first recovery code, typed in lower case without dashes. */
  private String codeFromPaper() {
    return shown.get(1).replace("-", " ").toLowerCase(java.util.Locale.ROOT);
  }
}
