package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hiroi.crypto.KeyRing;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Fuzzes every parser of untrusted input in this module (session tokens and cookies, one-time
 * tokens, CSRF tokens, OAuth states, service tokens, password-reset tokens, the client address and
 * user agent of the new-device detector, TOTP codes and stored TOTP secrets, pending sign-in tokens) with arbitrary strings: none throws, and none accepts
 * input that holds no secret it issued; an address is accepted only as an IP literal (never
 * looked up in DNS), and a user agent always maps to one coarse family. Seeds live in {@code
 * src/test/resources/io/hiroi/auth/AuthParsersFuzzTestInputs/<method>/}; fuzz for real with {@code
 * JAZZER_FUZZ=1 mvn -pl hiroi-auth -am test -Dtest=AuthParsersFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class AuthParsersFuzzTest {
  private static final KeyRing RING = KeyRing.builder().addGeneratedKey(1).primary(1).build();
  private static final SessionManager SESSIONS = SessionManager.builder(InMemorySessionStore.create()).build();
  private static final String SESSION = SESSIONS.create("u", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()).token();
  private static final OneTimeTokens TOKENS = OneTimeTokens.builder(InMemoryOneTimeTokenStore.create()).build();
  private static final SessionCookie COOKIE = SessionCookie.builder().build();
  private static final CsrfTokens CSRF = CsrfTokens.trusting(Set.of("https://app.example"));
  private static final OAuthStateCodec OAUTH = OAuthStateCodec.builder(RING).clock(Clock.systemUTC()).build();
  private static final OAuthStart START = OAUTH.begin("c", "p", "/");
  private static final ServiceTokens SERVICE = ServiceTokens.builder(RING, "billing").build();
  private static final ResetFixture HOST = new ResetFixture();
  private static final RateLimiterHolder LIMITS = new RateLimiterHolder();
  private static final PasswordResetService RESETS =
      PasswordResetService.builder(TOKENS, SESSIONS, HOST, ResetFixture.HASHER, HOST).rateLimits(LIMITS.lots, LIMITS.lots).build();
  private static final NewDeviceDetector DEVICES = NewDeviceDetector.builder(RING, InMemoryDeviceStore.create()).build();
  private static final TotpService TOTP = TotpService.create(RING, InMemoryTotpReplayGuard.create(), "Fuzz", Clock.systemUTC());
  private static final String TOTP_SECRET = TOTP.enroll("u", "u@example.com").storedSecret();
  private static final SignInChallenges CHALLENGES = SignInChallenges.builder(InMemoryPendingSignInStore.create()).build();

  /** A limiter that never refuses during a fuzzing run. */
  private static final class RateLimiterHolder {
    final io.hiroi.ratelimit.RateLimiter lots =
        io.hiroi.ratelimit.RateLimiter.builder("fuzz", io.hiroi.ratelimit.InMemoryRateLimitBackend.create())
            .limit(io.hiroi.ratelimit.Limit.perSecond("fuzz", 1_000_000))
            .build();
  }

  static {
    TOKENS.issue(TokenPurpose.MAGIC_LINK, "u");
    CHALLENGES.begin("u", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown());
  }

  @FuzzTest(maxDuration = "30s")
  void parsers_neverThrow_andNeverAcceptForgeries(FuzzedDataProvider data) {
    String input = data.consumeRemainingAsString();
    assertThat(SESSIONS.validate(input).isValid()).isFalse();
    assertThat(SESSIONS.revoke(input)).isFalse();
    Optional<String> fromCookie = COOKIE.read(input);
    if (fromCookie.isPresent()) {
      assertThat(input).contains(fromCookie.get());
      assertThat(fromCookie.get()).matches("[A-Za-z0-9._~-]+");
      assertThat(SESSIONS.validate(fromCookie.get()).isValid()).isEqualTo(fromCookie.get().equals(SESSION));
    }
    for (TokenPurpose p : TokenPurpose.values()) {
      assertThat(TOKENS.consume(p, input).isValid()).isFalse();
    }
    assertThat(CSRF.verifyToken(SESSION, input).isAllowed()).isFalse();
    CSRF.checkOrigin(input, input, input);
    assertThat(OAUTH.verify(input, START.bindingCookieValue()).isValid()).isFalse();
    assertThat(OAUTH.verify(START.state(), input).isValid()).isEqualTo(input.equals(START.bindingCookieValue()));
    assertThat(SERVICE.verify(input).isValid()).isFalse();
    assertThat(RESETS.reset(input, "a long enough password".toCharArray(), ClientInfo.of(input, input)).isSuccess()).isFalse();
    Optional<java.net.InetAddress> ip = io.hiroi.auth.internal.IpLiterals.parse(input);
    if (ip.isPresent()) {
      assertThat(input).matches("[0-9A-Fa-f:.]+");
    }
    assertThat(NewDeviceDetector.userAgentFamily(input)).matches("(edge|opera|firefox|chrome|safari|none|other)/[a-z]+");
    if (TOTP.verify("u", TOTP_SECRET, input).isValid()) {
      assertThat(input.strip()).matches("[0-9]{6}"); // a right guess of the current code, nothing else
    }
    assertThat(TOTP.verify("u", input, "123456").isValid()).isFalse();
    assertThat(CHALLENGES.subject(input)).isEmpty();
    assertThat(CHALLENGES.attempt(input).isAllowed()).isFalse();
    assertThat(CHALLENGES.failed(CHALLENGES.attempt(input), ClientInfo.unknown())).isZero();
    assertThat(CHALLENGES.complete(input, AuthFactor.TOTP, "u", ClientInfo.unknown()).isCompleted()).isFalse();
    assertThat(DEVICES.network(input)).matches("\\?|[0-9a-f]+/(24|48)");
  }
}
