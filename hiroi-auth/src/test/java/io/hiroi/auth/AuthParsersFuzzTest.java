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
 * tokens, CSRF tokens, OAuth states, service tokens) with arbitrary strings: none throws, and none
 * accepts input that holds no secret it issued. Seeds live in {@code
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

  static {
    TOKENS.issue(TokenPurpose.MAGIC_LINK, "u");
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
  }
}
