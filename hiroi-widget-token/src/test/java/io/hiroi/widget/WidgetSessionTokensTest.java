package io.hiroi.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.hiroi.core.SecretBytes;
import io.hiroi.crypto.KeyRing;
import io.hiroi.widget.WidgetSessionVerification.Failure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WidgetSessionTokensTest {
  /** Obviously fake master secrets: bytes 0..31 and 32..63. */
  static final byte[] MASTER_1 = range(0);
  static final byte[] MASTER_2 = range(32);
  static final Instant T0 = Instant.parse("2025-12-01T00:00:00Z");
  static final String ORIGIN = "https://shop.example.com";

  private final TestClock clock = new TestClock(T0);
  private final KeyRing ring = KeyRing.builder().addKey(1, MASTER_1).primary(1).build();
  private final WidgetSessionTokens tokens = build(ring);

  private WidgetSessionTokens build(KeyRing r) {
    return WidgetSessionTokens.builder(r).clock(clock).ttl(Duration.ofMinutes(30)).leeway(Duration.ofSeconds(30)).build();
  }

  static byte[] range(int from) {
    byte[] b = new byte[32];
    for (int i = 0; i < 32; i++) {
      b[i] = (byte) (from + i);
    }
    return b;
  }

  @Test
  void issue_thenVerify_givesVisitorAndClaims() {
    String token = tokens.issue("w42", ORIGIN, "visitor-17");
    WidgetSessionVerification v = tokens.verify(token, "w42", ORIGIN);
    assertThat(v.isValid()).isTrue();
    assertThat(v.visitorId()).isEqualTo("visitor-17");
    assertThat(v.origin()).isEqualTo(ORIGIN);
    assertThat(v.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
    assertThat(v.claims().audiences()).containsExactly("w42");
    assertThat(v.claims().issuedAt()).contains(T0);
    assertThat(v.claims().jwtId()).isPresent();
    assertThat(v.failure()).isEmpty();
    assertThat(v.toString()).isEqualTo("WidgetSessionVerification[valid]").doesNotContain("visitor-17");
  }

  @Test
  void token_hasTheDesignedHeaderAndClaims() {
    String token = tokens.issue("w42", "HTTPS://Shop.Example.com:443", "visitor-17");
    String[] parts = token.split("\\.");
    assertThat(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8))
        .isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"w42.1\"}");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    assertThat(claims)
        .startsWith("{\"sub\":\"visitor-17\",\"aud\":\"w42\",\"iat\":1764547200,\"exp\":1764549000,\"jti\":\"")
        .endsWith("\",\"orig\":\"https://shop.example.com\"}");
    assertThat(tokens.keyId("w42")).isEqualTo("w42.1");
  }

  @Test
  void signature_isHmacSha256UnderTheIndependentlyDerivedSessionKey() throws Exception {
    // HKDF-SHA256(master = bytes 0..31, salt empty, info "hiroi-widget-session-v1:w42"), computed with
    // python3 -c 'import hmac,hashlib; prk=hmac.new(b"\0"*32,bytes(range(32)),hashlib.sha256).digest();
    //   print(hmac.new(prk,b"hiroi-widget-session-v1:w42\x01",hashlib.sha256).hexdigest())'
    String expectedKey = "da812ed1078268cdd92329ff42dd6fa34d414f0518e929d4043b00132d739eff";
    SecretBytes secret = tokens.widgetSecret("w42");
    assertThat(HexFormat.of().formatHex(secret.toByteArray())).isEqualTo(expectedKey);
    String token = tokens.issue("w42", ORIGIN, "v");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(HexFormat.of().parseHex(expectedKey), "HmacSHA256"));
    String signingInput = token.substring(0, token.lastIndexOf('.'));
    String expectedSig = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    assertThat(token.substring(token.lastIndexOf('.') + 1)).isEqualTo(expectedSig);
    assertThat(secret.toString()).isEqualTo("[redacted]");
  }

  @Test
  void pythonStdlibToken_fromTheSecretAlone_verifies() {
    // Made with python3's hmac/json/base64 only (no JWT library) from the session key above, header
    // {"alg":"HS256","kid":"w42.1","typ":"JWT"} in PyJWT's member order; see the README's host-backend section.
    String token = "eyJhbGciOiJIUzI1NiIsImtpZCI6Inc0Mi4xIiwidHlwIjoiSldUIn0"
        + ".eyJzdWIiOiJ2aXNpdG9yLTE3IiwiYXVkIjoidzQyIiwib3JpZyI6Imh0dHBzOi8vc2hvcC5leGFtcGxlLmNvbSIsImlhdCI6MTc2NDU0NzIwMCwiZXhwIjoxNzY0NTUwODAwLCJqdGkiOiJweXRob24tc3RkbGliLTEifQ"
        + ".VEkvLP-W4_q7c-wNxggs23rg4JiwXzKdnl7At68_H6g";
    clock.set(T0.plusSeconds(60));
    WidgetSessionVerification v = tokens.verify(token, "w42", ORIGIN);
    assertThat(v.failure()).isEmpty();
    assertThat(v.visitorId()).isEqualTo("visitor-17");
    assertThat(v.claims().jwtId()).contains("python-stdlib-1");
  }

  @Test
  void nimbusToken_fromTheExportedSecretAlone_verifies() throws Exception {
    byte[] secret = tokens.widgetSecret("w42").toByteArray();
    String token = nimbus(secret, tokens.keyId("w42"), "visitor-9", "w42", ORIGIN, T0, T0.plusSeconds(600));
    WidgetSessionVerification v = tokens.verify(token, "w42", ORIGIN);
    assertThat(v.failure()).isEmpty();
    assertThat(v.visitorId()).isEqualTo("visitor-9");
    // and the other way round: nimbus verifies ours with the same secret
    SignedJWT ours = SignedJWT.parse(tokens.issue("w42", ORIGIN, "visitor-9"));
    assertThat(ours.verify(new MACVerifier(secret))).isTrue();
    assertThat(ours.getHeader().getKeyID()).isEqualTo("w42.1");
    assertThat(ours.getJWTClaimsSet().getStringClaim("orig")).isEqualTo(ORIGIN);
  }

  static String nimbus(byte[] secret, String kid, String sub, String aud, String orig, Instant iat, Instant exp)
      throws Exception {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(sub).audience(aud).jwtID("nimbus-1");
    if (orig != null) {
      claims.claim("orig", orig);
    }
    if (iat != null) {
      claims.issueTime(Date.from(iat));
    }
    claims.expirationTime(Date.from(exp));
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(kid).build(), claims.build());
    jwt.sign(new MACSigner(secret));
    return jwt.serialize();
  }

  @Test
  void verify_rejectsEachReason() throws Exception {
    byte[] secret = tokens.widgetSecret("w42").toByteArray();
    String good = tokens.issue("w42", ORIGIN, "visitor-17");
    assertThat(reason(tokens.verify("not-a-token", "w42", ORIGIN))).isEqualTo(Failure.MALFORMED);
    assertThat(reason(tokens.verify("", "w42", ORIGIN))).isEqualTo(Failure.MALFORMED);
    assertThat(reason(tokens.verify(good + "x".repeat(5000), "w42", ORIGIN))).isEqualTo(Failure.MALFORMED);
    assertThat(reason(tokens.verify(flipLastChar(good), "w42", ORIGIN))).isEqualTo(Failure.BAD_SIGNATURE);
    assertThat(reason(tokens.verify(good, "w43", ORIGIN))).isEqualTo(Failure.WRONG_WIDGET);
    assertThat(reason(tokens.verify(good, "not a widget!", ORIGIN))).isEqualTo(Failure.WRONG_WIDGET);
    assertThat(reason(tokens.verify(good, "w42", "https://evil.example"))).isEqualTo(Failure.WRONG_ORIGIN);
    assertThat(reason(tokens.verify(good, "w42", null))).isEqualTo(Failure.WRONG_ORIGIN);
    assertThat(reason(tokens.verify(good, "w42", "null"))).isEqualTo(Failure.WRONG_ORIGIN);
    assertThat(reason(tokens.verify(good, "w42", "https://shop.example.com/"))).isEqualTo(Failure.WRONG_ORIGIN);
    assertThat(reason(tokens.verify(good, "w42", "http://shop.example.com"))).isEqualTo(Failure.WRONG_ORIGIN);
    assertThat(reason(tokens.verify(nimbus(secret, "w42.7", "v", "w42", ORIGIN, T0, T0.plusSeconds(60)), "w42", ORIGIN)))
        .isEqualTo(Failure.UNKNOWN_KEY);
    // A missing required claim, though signed with the right key:
    assertThat(reason(tokens.verify(nimbus(secret, "w42.1", "v", "w42", null, T0, T0.plusSeconds(60)), "w42", ORIGIN)))
        .isEqualTo(Failure.MALFORMED);
    assertThat(reason(tokens.verify(nimbus(secret, "w42.1", "v", "w42", ORIGIN, null, T0.plusSeconds(60)), "w42", ORIGIN)))
        .isEqualTo(Failure.MALFORMED);
    // aud of another widget under this widget's key (a host backend's mistake):
    assertThat(reason(tokens.verify(nimbus(secret, "w42.1", "v", "w43", ORIGIN, T0, T0.plusSeconds(60)), "w42", ORIGIN)))
        .isEqualTo(Failure.WRONG_WIDGET);
    // a host backend that mints a token living longer than 24 hours:
    assertThat(reason(tokens.verify(nimbus(secret, "w42.1", "v", "w42", ORIGIN, T0, T0.plus(Duration.ofHours(25))), "w42", ORIGIN)))
        .isEqualTo(Failure.TOO_LONG_LIVED);
    assertThat(tokens.verify(nimbus(secret, "w42.1", "v", "w42", ORIGIN, T0, T0.plus(Duration.ofHours(24))), "w42", ORIGIN).isValid())
        .isTrue();
    // issued in the future beyond the leeway:
    assertThat(reason(tokens.verify(nimbus(secret, "w42.1", "v", "w42", ORIGIN, T0.plusSeconds(31), T0.plusSeconds(600)), "w42", ORIGIN)))
        .isEqualTo(Failure.NOT_YET_VALID);
    clock.advance(Duration.ofHours(1));
    assertThat(reason(tokens.verify(good, "w42", ORIGIN))).isEqualTo(Failure.EXPIRED);
  }

  @Test
  void verify_normalizesTheRequestOrigin() {
    String token = tokens.issue("w42", ORIGIN, "visitor-17");
    assertThat(tokens.verify(token, "w42", "HTTPS://SHOP.example.com:443").isValid()).isTrue();
    String idn = tokens.issue("w42", "https://bücher.de", "v");
    assertThat(tokens.verify(idn, "w42", "https://xn--bcher-kva.de").isValid()).isTrue();
    assertThat(tokens.verify(idn, "w42", "https://bücher.de").origin()).isEqualTo("https://xn--bcher-kva.de");
  }

  @Test
  void expiry_leewayIsHonouredToTheSecond() {
    String token = tokens.issue("w42", ORIGIN, "visitor-17");
    Instant exp = T0.plus(Duration.ofMinutes(30));
    clock.set(exp.plusSeconds(29));
    assertThat(tokens.verify(token, "w42", ORIGIN).isValid()).isTrue();
    clock.set(exp.plusSeconds(30).minusMillis(1));
    assertThat(tokens.verify(token, "w42", ORIGIN).isValid()).isTrue();
    clock.set(exp.plusSeconds(31)); // one second past the leeway
    assertThat(reason(tokens.verify(token, "w42", ORIGIN))).isEqualTo(Failure.EXPIRED);
  }

  @Test
  void tamperingWithAnyPart_isRejected() {
    String token = tokens.issue("w42", ORIGIN, "visitor-17");
    String[] p = token.split("\\.");
    // every character of every part, replaced by another base64url character
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        continue;
      }
      String changed = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
      assertThat(tokens.verify(changed, "w42", ORIGIN).isValid()).as("index " + i).isFalse();
    }
    // the payload swapped for one claiming another visitor, with the original signature
    String forged = p[0] + "." + b64("{\"sub\":\"admin\",\"aud\":\"w42\",\"iat\":1764547200,\"exp\":1764549000,"
        + "\"jti\":\"x\",\"orig\":\"https://shop.example.com\"}") + "." + p[2];
    assertThat(reason(tokens.verify(forged, "w42", ORIGIN))).isEqualTo(Failure.BAD_SIGNATURE);
    // the signature removed, dropped or doubled
    assertThat(reason(tokens.verify(p[0] + "." + p[1] + ".", "w42", ORIGIN))).isEqualTo(Failure.BAD_SIGNATURE);
    assertThat(reason(tokens.verify(p[0] + "." + p[1], "w42", ORIGIN))).isEqualTo(Failure.MALFORMED);
    assertThat(reason(tokens.verify(token + "." + p[2], "w42", ORIGIN))).isEqualTo(Failure.MALFORMED);
    // the header's kid changed to another widget, signature kept
    String otherKid = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"w43.1\"}") + "." + p[1] + "." + p[2];
    assertThat(reason(tokens.verify(otherKid, "w42", ORIGIN))).isEqualTo(Failure.WRONG_WIDGET);
  }

  @Test
  void algConfusion_isRejected() throws Exception {
    byte[] secret = tokens.widgetSecret("w42").toByteArray();
    String claims = b64("{\"sub\":\"v\",\"aud\":\"w42\",\"iat\":1764547200,\"exp\":1764549000,\"jti\":\"x\","
        + "\"orig\":\"https://shop.example.com\"}");
    // alg none, with and without a signature
    String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"w42.1\"}") + "." + claims;
    assertThat(reason(tokens.verify(none + ".", "w42", ORIGIN))).isEqualTo(Failure.UNSUPPORTED_ALGORITHM);
    assertThat(reason(tokens.verify(none + "." + hmac(secret, none), "w42", ORIGIN))).isEqualTo(Failure.UNSUPPORTED_ALGORITHM);
    // HS512 / HS384 / RS256 / lower-case hs256 headers MACed correctly with HMAC-SHA256 under the right key
    for (String alg : new String[] {"HS512", "HS384", "RS256", "ES256", "hs256", "NONE"}) {
      String input = b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"w42.1\"}") + "." + claims;
      assertThat(reason(tokens.verify(input + "." + hmac(secret, input), "w42", ORIGIN))).as(alg)
          .isEqualTo(Failure.UNSUPPORTED_ALGORITHM);
    }
    // crit / jku headers
    String crit = b64("{\"alg\":\"HS256\",\"kid\":\"w42.1\",\"crit\":[\"exp\"]}") + "." + claims;
    assertThat(reason(tokens.verify(crit + "." + hmac(secret, crit), "w42", ORIGIN))).isEqualTo(Failure.MALFORMED);
    // and the control: the same claims under a correct header do verify
    String ok = b64("{\"alg\":\"HS256\",\"kid\":\"w42.1\"}") + "." + claims;
    assertThat(tokens.verify(ok + "." + hmac(secret, ok), "w42", ORIGIN).isValid()).isTrue();
  }

  @Test
  void tokenOfOneWidget_neverVerifiesOnAnother() throws Exception {
    String forA = tokens.issue("widget-a", ORIGIN, "v");
    assertThat(reason(tokens.verify(forA, "widget-b", ORIGIN))).isEqualTo(Failure.WRONG_WIDGET);
    // even re-labelled with widget-b's kid and aud, widget-a's key does not sign for widget-b
    byte[] secretA = tokens.widgetSecret("widget-a").toByteArray();
    String relabelled = nimbus(secretA, "widget-b.1", "v", "widget-b", ORIGIN, T0, T0.plusSeconds(60));
    assertThat(reason(tokens.verify(relabelled, "widget-b", ORIGIN))).isEqualTo(Failure.BAD_SIGNATURE);
    assertThat(tokens.widgetSecret("widget-a").equalsConstantTime(tokens.widgetSecret("widget-b"))).isFalse();
  }

  @Test
  void rotation_oldKeyIdVerifiesUntilRemoved() {
    String oldToken = tokens.issue("w42", ORIGIN, "visitor-17");
    KeyRing rotated = ring.toBuilder().addKey(2, MASTER_2).primary(2).build();
    WidgetSessionTokens afterRotation = build(rotated);
    String newToken = afterRotation.issue("w42", ORIGIN, "visitor-17");
    assertThat(afterRotation.keyId("w42")).isEqualTo("w42.2");
    assertThat(newToken.split("\\.")[0]).isNotEqualTo(oldToken.split("\\.")[0]);
    assertThat(afterRotation.verify(oldToken, "w42", ORIGIN).isValid()).isTrue();
    assertThat(afterRotation.verify(newToken, "w42", ORIGIN).isValid()).isTrue();
    assertThat(reason(tokens.verify(newToken, "w42", ORIGIN))).isEqualTo(Failure.UNKNOWN_KEY);

    KeyRing removed = KeyRing.builder().addKey(2, MASTER_2).primary(2).build();
    WidgetSessionTokens afterRemoval = build(removed);
    assertThat(reason(afterRemoval.verify(oldToken, "w42", ORIGIN))).isEqualTo(Failure.UNKNOWN_KEY);
    assertThat(afterRemoval.verify(newToken, "w42", ORIGIN).isValid()).isTrue();
    assertThatThrownBy(() -> afterRemoval.widgetSecret("w42", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key id 1 is not in the key ring");
  }

  @Test
  void issue_checksItsArguments() {
    assertThatThrownBy(() -> tokens.issue("w.42", ORIGIN, "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("widget id must be 1 to 64 characters of [A-Za-z0-9_-] starting with a letter or digit (length was 4)");
    assertThatThrownBy(() -> tokens.issue("w".repeat(65), ORIGIN, "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.issue("-w", ORIGIN, "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.issue("w42", "https://secret-host.example/path", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("origin is not a serialized origin scheme://host[:port] (PATH_QUERY_OR_FRAGMENT)");
    assertThatThrownBy(() -> tokens.issue("w42", "null", "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.issue("w42", ORIGIN, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("visitor id must be 1 to 256 characters of valid UTF-16 (no unpaired surrogate)");
    assertThatThrownBy(() -> tokens.issue("w42", ORIGIN, "x".repeat(257))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.issue("w42", ORIGIN, "bad\ud800")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.issue("w42", ORIGIN, "v", Duration.ofSeconds(59)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be between PT1M and PT24H, was PT59S");
    assertThatThrownBy(() -> tokens.issue("w42", ORIGIN, "v", Duration.ofHours(24).plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.issue(null, ORIGIN, "v")).isInstanceOf(NullPointerException.class);
    assertThat(tokens.issue("w42", ORIGIN, "v", Duration.ofHours(24))).isNotEmpty();
  }

  @Test
  void builder_checksSettings() {
    assertThatThrownBy(() -> WidgetSessionTokens.builder(ring).ttl(Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be between PT1M and PT24H, was PT48H");
    assertThatThrownBy(() -> WidgetSessionTokens.builder(ring).leeway(Duration.ofMinutes(6)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leeway must be between PT0S and PT5M, was PT6M");
    assertThatThrownBy(() -> WidgetSessionTokens.builder(ring).leeway(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WidgetSessionTokens.builder(ring).ttl(Duration.ofHours(1)).ttl(Duration.ofHours(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ttl was already set");
    assertThatThrownBy(() -> WidgetSessionTokens.builder(null)).isInstanceOf(NullPointerException.class);
    WidgetSessionTokens defaults = WidgetSessionTokens.builder(ring).clock(clock).build();
    String t = defaults.issue("w42", ORIGIN, "v");
    assertThat(defaults.verify(t, "w42", ORIGIN).expiresAt()).isEqualTo(T0.plus(WidgetSessionTokens.DEFAULT_TTL));
    assertThat(defaults.toString()).doesNotContain(HexFormat.of().formatHex(MASTER_1));
  }

  @Test
  void widgetCache_isBounded() {
    for (int i = 0; i < WidgetSessionTokens.MAX_CACHED_WIDGETS + 5; i++) {
      tokens.verify("x.y.z", "w" + i, ORIGIN);
    }
    assertThat(tokens.cachedWidgetCount()).isLessThanOrEqualTo(WidgetSessionTokens.MAX_CACHED_WIDGETS);
  }

  @Test
  void verification_ofAnInvalidToken_refusesClaims() {
    WidgetSessionVerification v = tokens.verify("a.b.c", "w42", ORIGIN);
    assertThatThrownBy(v::visitorId)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("widget session verification did not succeed (MALFORMED); check isValid() first");
    assertThat(v.toString()).isEqualTo("WidgetSessionVerification[invalid: MALFORMED]");
  }

  @Test
  void manyThreads_issueAndVerify() throws Exception {
    Thread[] threads = new Thread[8];
    Map<Integer, Boolean> ok = new java.util.concurrent.ConcurrentHashMap<>();
    for (int t = 0; t < threads.length; t++) {
      int id = t;
      threads[t] = new Thread(() -> {
        boolean all = true;
        for (int i = 0; i < 200; i++) {
          String widget = "w" + (i % 7);
          String token = tokens.issue(widget, ORIGIN, "visitor-" + id + "-" + i);
          WidgetSessionVerification v = tokens.verify(token, widget, ORIGIN);
          all &= v.isValid() && v.visitorId().equals("visitor-" + id + "-" + i);
          all &= !tokens.verify(token, "w" + ((i + 1) % 7), ORIGIN).isValid();
        }
        ok.put(id, all);
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(ok).hasSize(8).doesNotContainValue(false);
  }

  private static Failure reason(WidgetSessionVerification v) {
    assertThat(v.isValid()).isFalse();
    return v.failure().orElseThrow();
  }

  private static String flipLastChar(String token) {
    char c = token.charAt(token.length() - 2);
    return token.substring(0, token.length() - 2) + (c == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
  }

  static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static String hmac(byte[] key, String input) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
  }
}
