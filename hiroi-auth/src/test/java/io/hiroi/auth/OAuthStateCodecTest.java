package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.hiroi.auth.OAuthStateVerification.Failure;
import io.hiroi.crypto.KeyRing;
import io.hiroi.crypto.SignedTokens;
import io.hiroi.crypto.TokenVerification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class OAuthStateCodecTest {
  private static final byte[] MASTER = new byte[32];

  static {
    Arrays.fill(MASTER, (byte) 7); // an obviously fake test key
  }

  private final FakeClock clock = FakeClock.atRecentTime();
  private final KeyRing ring = KeyRing.builder().addKey(1, MASTER).primary(1).build();
  private final OAuthStateCodec oauth = OAuthStateCodec.builder(ring).clock(clock).build();

  @Test
  void aState_verifiesInTheBrowserThatBeganTheFlow() {
    OAuthStart start = oauth.begin("customer-42", "linkedin", "/settings/integrations?tab=li");
    assertThat(start.codeChallenge()).isEqualTo(Pkce.challenge(start.bindingCookieValue()));
    OAuthStateVerification v = oauth.verify(start.state(), start.bindingCookieValue());
    assertThat(v.isValid()).isTrue();
    assertThat(v.customerId()).isEqualTo("customer-42");
    assertThat(v.platform()).isEqualTo("linkedin");
    assertThat(v.returnUrl()).isEqualTo("/settings/integrations?tab=li");
    assertThat(v.codeVerifier()).isEqualTo(start.bindingCookieValue());
    assertThat(v.toString()).isEqualTo("OAuthStateVerification[valid]");
    assertThat(start.toString()).isEqualTo("OAuthStart[redacted]");
  }

  @Test
  void anotherUsersState_failsInThisBrowser() {
    OAuthStart attackers = oauth.begin("attacker", "linkedin", "/");
    OAuthStart victims = oauth.begin("victim", "linkedin", "/");
    OAuthStateVerification v = oauth.verify(attackers.state(), victims.bindingCookieValue());
    assertThat(v.failure()).contains(Failure.OTHER_BROWSER);
    assertThatThrownBy(v::customerId).isInstanceOf(IllegalStateException.class).hasMessageNotContaining("attacker");
    assertThat(oauth.verify(attackers.state(), null).failure()).contains(Failure.NO_BINDING_COOKIE);
    assertThat(oauth.verify(attackers.state(), "short").failure()).contains(Failure.NO_BINDING_COOKIE);
  }

  @Test
  void anExpiredState_fails() {
    OAuthStart start = oauth.begin("c", "linkedin", "/");
    clock.advance(OAuthStateCodec.DEFAULT_TTL.plus(SignedTokens.DEFAULT_LEEWAY));
    OAuthStateVerification v = oauth.verify(start.state(), start.bindingCookieValue());
    assertThat(v.failure()).contains(Failure.EXPIRED);
    assertThat(v.tokenFailure()).contains(TokenVerification.Failure.EXPIRED);
  }

  @Test
  void alteredOrForeignStates_fail() {
    OAuthStart start = oauth.begin("c", "linkedin", "/");
    String s = start.state();
    int at = s.indexOf('.') + 5;
    String altered = s.substring(0, at) + (s.charAt(at) == 'A' ? 'B' : 'A') + s.substring(at + 1);
    assertThat(oauth.verify(altered, start.bindingCookieValue()).failure()).contains(Failure.INVALID_TOKEN);
    assertThat(oauth.verify(null, start.bindingCookieValue()).tokenFailure()).contains(TokenVerification.Failure.MALFORMED);
    assertThat(oauth.verify("", start.bindingCookieValue()).failure()).contains(Failure.INVALID_TOKEN);
    // The same claims signed under another purpose (another feature's key) never verify.
    SignedTokens widget = SignedTokens.builder(ring, "hiroi-widget-session-v1:w1").clock(clock).build();
    String foreign =
        widget.sign(
            widget.claims(Duration.ofMinutes(5)).audience(OAuthStateCodec.AUDIENCE).subject("c").claim("plt", "x").claim("ret", "/")
                .claim("pkc", start.codeChallenge()).build());
    assertThat(oauth.verify(foreign, start.bindingCookieValue()).tokenFailure()).contains(TokenVerification.Failure.BAD_SIGNATURE);
    // A state of another key ring.
    OAuthStateCodec other = OAuthStateCodec.builder(KeyRing.builder().addGeneratedKey(1).primary(1).build()).clock(clock).build();
    assertThat(other.verify(s, start.bindingCookieValue()).tokenFailure()).contains(TokenVerification.Failure.BAD_SIGNATURE);
  }

  @Test
  void begin_refusesAnUnsafeReturnUrl_namingTheReasonOnly() {
    assertThatThrownBy(() -> oauth.begin("c", "linkedin", "//evil.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("returnUrl must be accepted by the return URL policy, was PROTOCOL_RELATIVE");
    OAuthStateCodec under = OAuthStateCodec.builder(ring).clock(clock).returnUrlPolicy(ReturnUrlPolicy.sameOriginUnder("/app/")).build();
    assertThatThrownBy(() -> under.begin("c", "linkedin", "/admin")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> oauth.begin("c\n", "linkedin", "/")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OAuthStateCodec.builder(ring).ttl(Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be between PT1M and PT1H, was PT2H");
  }

  @Test
  void aValidlySignedStateWithAnUnsafeReturnUrl_isRefused() throws Exception {
    String verifier = Pkce.newVerifier();
    String state = nimbusState("c", "linkedin", "//evil.example", Pkce.challenge(verifier));
    assertThat(oauth.verify(state, verifier).failure()).contains(Failure.BAD_CLAIMS);
    String noPlatform = nimbusState("c", null, "/", Pkce.challenge(verifier));
    assertThat(oauth.verify(noPlatform, verifier).failure()).contains(Failure.BAD_CLAIMS);
  }

  /** nimbus-jose-jwt, holding the purpose key derived independently (RFC 5869 by hand), verifies our state. */
  @Test
  void nimbus_verifiesOurState_withTheIndependentlyDerivedPurposeKey() throws Exception {
    OAuthStart start = oauth.begin("customer-42", "linkedin", "/done");
    SignedJWT jwt = SignedJWT.parse(start.state());
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
    assertThat(jwt.getHeader().getKeyID()).isEqualTo("1");
    assertThat(jwt.verify(new MACVerifier(purposeKey()))).isTrue();
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo("customer-42");
    assertThat(claims.getAudience()).containsExactly(OAuthStateCodec.AUDIENCE);
    assertThat(claims.getStringClaim("plt")).isEqualTo("linkedin");
    assertThat(claims.getStringClaim("ret")).isEqualTo("/done");
    assertThat(claims.getStringClaim("pkc")).isEqualTo(start.codeChallenge());
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(clock.instant().plus(OAuthStateCodec.DEFAULT_TTL));
    byte[] wrongKey = purposeKey();
    wrongKey[0] ^= 1;
    assertThat(jwt.verify(new MACVerifier(wrongKey))).isFalse();
  }

  @Test
  void ourCodec_verifiesAStateSignedByNimbus() throws Exception {
    String verifier = Pkce.newVerifier();
    String state = nimbusState("customer-9", "google", "/x?y=z", Pkce.challenge(verifier));
    OAuthStateVerification v = oauth.verify(state, verifier);
    assertThat(v.isValid()).isTrue();
    assertThat(List.of(v.customerId(), v.platform(), v.returnUrl())).containsExactly("customer-9", "google", "/x?y=z");
  }

  private String nimbusState(String sub, String platform, String ret, String challenge) throws Exception {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject(sub)
            .audience(OAuthStateCodec.AUDIENCE)
            .jwtID("n-1")
            .issueTime(Date.from(clock.instant()))
            .expirationTime(Date.from(clock.instant().plusSeconds(300)))
            .claim("ret", ret)
            .claim("pkc", challenge);
    if (platform != null) {
      claims.claim("plt", platform);
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID("1").build(), claims.build());
    jwt.sign(new MACSigner(purposeKey()));
    return jwt.serialize();
  }

  /** HKDF-SHA256(ikm = master, salt = empty, info = purpose, L = 32), written out from RFC 5869. */
  private static byte[] purposeKey() throws Exception {
    Mac extract = Mac.getInstance("HmacSHA256");
    extract.init(new SecretKeySpec(new byte[32], "HmacSHA256")); // empty salt = HashLen zeros
    byte[] prk = extract.doFinal(MASTER);
    Mac expand = Mac.getInstance("HmacSHA256");
    expand.init(new SecretKeySpec(prk, "HmacSHA256"));
    expand.update(OAuthStateCodec.PURPOSE.getBytes(StandardCharsets.US_ASCII));
    expand.update((byte) 1);
    return expand.doFinal();
  }
}
