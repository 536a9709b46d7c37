package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hiroi.auth.CsrfCheck.Failure;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CsrfTokensTest {
  private final CsrfTokens csrf = CsrfTokens.trusting(Set.of("https://app.example", "http://localhost:8080"));
  private final String session = SessionManager.builder(InMemorySessionStore.create()).build()
      .create("u", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()).token();

  @Test
  void aMaskedToken_verifiesForItsSession_andIsDifferentEveryTime() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      String t = csrf.maskedToken(session);
      assertThat(t).hasSize(CsrfTokens.TOKEN_LENGTH).matches("[A-Za-z0-9_-]+");
      assertThat(seen.add(t)).isTrue();
      assertThat(csrf.verifyToken(session, t).isAllowed()).isTrue();
    }
  }

  @Test
  void unmasking_givesTheHmacOfTheSessionToken() throws Exception {
    byte[] raw = Base64.getUrlDecoder().decode(csrf.maskedToken(session));
    byte[] secret = new byte[32];
    for (int i = 0; i < 32; i++) {
      secret[i] = (byte) (raw[i] ^ raw[32 + i]);
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(session.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    assertThat(secret).isEqualTo(mac.doFinal("hiroi-csrf-v1".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void aTokenOfAnotherSession_orAlteredOrMissing_isRefused() {
    String other = SessionManager.builder(InMemorySessionStore.create()).build()
        .create("u", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()).token();
    String t = csrf.maskedToken(session);
    assertThat(csrf.verifyToken(other, t).failure()).contains(Failure.TOKEN_MISMATCH);
    String flipped = t.substring(0, 60) + (t.charAt(60) == 'A' ? 'B' : 'A') + t.substring(61);
    assertThat(csrf.verifyToken(session, flipped).failure()).contains(Failure.TOKEN_MISMATCH);
    assertThat(csrf.verifyToken(session, t.substring(1)).failure()).contains(Failure.MALFORMED_TOKEN);
    assertThat(csrf.verifyToken(session, t.substring(0, 85) + "=").failure()).contains(Failure.MALFORMED_TOKEN);
    assertThat(csrf.verifyToken(session, null).failure()).contains(Failure.MISSING_TOKEN);
    assertThat(csrf.verifyToken(session, "").failure()).contains(Failure.MISSING_TOKEN);
    assertThat(csrf.verifyToken(null, t).failure()).contains(Failure.MISSING_TOKEN);
    // 64 zero bytes (a zero mask over a zero secret) do not verify.
    assertThat(csrf.verifyToken(session, "A".repeat(86)).failure()).contains(Failure.TOKEN_MISMATCH);
  }

  @Test
  void origin_refusesCrossSiteStateChanges() {
    assertThat(csrf.checkOrigin("POST", "https://app.example", "same-origin").isAllowed()).isTrue();
    assertThat(csrf.checkOrigin("POST", "HTTPS://APP.EXAMPLE", null).isAllowed()).isTrue();
    assertThat(csrf.checkOrigin("delete", "http://localhost:8080", null).isAllowed()).isTrue();
    assertThat(csrf.checkOrigin("POST", null, "none").isAllowed()).isTrue();
    assertThat(csrf.checkOrigin("POST", null, null).isAllowed()).isTrue();
    assertThat(csrf.checkOrigin("POST", "https://evil.example", "cross-site").failure()).contains(Failure.CROSS_SITE_REQUEST);
    assertThat(csrf.checkOrigin("PUT", "https://sub.app.example", "same-site").failure()).contains(Failure.CROSS_SITE_REQUEST);
    assertThat(csrf.checkOrigin("POST", "https://evil.example", null).failure()).contains(Failure.UNTRUSTED_ORIGIN);
    assertThat(csrf.checkOrigin("POST", "null", null).failure()).contains(Failure.UNTRUSTED_ORIGIN);
    assertThat(csrf.checkOrigin("POST", "https://app.example.evil.example", "same-origin").failure()).contains(Failure.UNTRUSTED_ORIGIN);
    assertThat(csrf.checkOrigin("PATCH", "https://app.example:443", null).failure()).contains(Failure.UNTRUSTED_ORIGIN);
    for (String safe : new String[] {"GET", "HEAD", "OPTIONS", "TRACE"}) {
      assertThat(csrf.checkOrigin(safe, "https://evil.example", "cross-site").isAllowed()).isTrue();
    }
    // Methods are case-sensitive (RFC 9110 9.1): another spelling of a safe one is checked like
    // any unsafe method, so an application that routes methods ignoring case is still covered.
    for (String spelled : new String[] {"get", "Get", "head", "options", "trace"}) {
      assertThat(csrf.checkOrigin(spelled, "https://evil.example", "cross-site").failure()).contains(Failure.CROSS_SITE_REQUEST);
      assertThat(csrf.checkOrigin(spelled, "https://evil.example", null).failure()).contains(Failure.UNTRUSTED_ORIGIN);
    }
  }

  @Test
  void configuration_isChecked() {
    assertThatThrownBy(() -> CsrfTokens.trusting(Set.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CsrfTokens.trusting(Set.of("https://app.example/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("origin must be scheme://host[:port] without a path, was a value of 20 characters");
    assertThatThrownBy(() -> csrf.maskedToken("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(csrf.toString()).isEqualTo("CsrfTokens[trustedOrigins=2]");
  }
}
