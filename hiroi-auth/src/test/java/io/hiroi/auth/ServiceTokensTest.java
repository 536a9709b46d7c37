package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.hiroi.crypto.KeyRing;
import io.hiroi.crypto.TokenVerification.Failure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ServiceTokensTest {
  private static final byte[] MASTER = new byte[32];

  static {
    Arrays.fill(MASTER, (byte) 9); // an obviously fake test key
  }

  private final FakeClock clock = FakeClock.atRecentTime();
  private final KeyRing ring = KeyRing.builder().addKey(3, MASTER).primary(3).build();
  private final ServiceTokens gateway = ServiceTokens.builder(ring, "api-gateway").clock(clock).build();
  private final ServiceTokens billing = ServiceTokens.builder(ring, "billing").clock(clock).build();

  @Test
  void aToken_carriesTheUser_toItsAudienceOnly() {
    String token = gateway.issue("user-42", "billing");
    ServiceTokenVerification v = billing.verify(token);
    assertThat(v.isValid()).isTrue();
    assertThat(v.userId()).contains("user-42");
    assertThat(v.issuer()).contains("api-gateway");
    assertThat(gateway.verify(token).failure()).contains(Failure.WRONG_AUDIENCE);
    assertThat(ServiceTokens.builder(ring, "search").clock(clock).build().verify(token).failure()).contains(Failure.WRONG_AUDIENCE);
    assertThat(v.toString()).doesNotContain("user-42");
  }

  @Test
  void tokens_expireQuickly() {
    String token = gateway.issue("user-42", "billing");
    clock.advance(ServiceTokens.DEFAULT_TTL.plusSeconds(30));
    assertThat(billing.verify(token).failure()).contains(Failure.EXPIRED);
  }

  @Test
  void foreignOrAlteredTokens_areRefused() {
    OAuthStart oauthState = OAuthStateCodec.builder(ring).clock(clock).build().begin("user-42", "billing", "/");
    assertThat(billing.verify(oauthState.state()).failure()).contains(Failure.BAD_SIGNATURE);
    String token = gateway.issue("user-42", "billing");
    String altered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BA" : "AA");
    assertThat(billing.verify(altered).isValid()).isFalse();
    assertThat(billing.verify(null).failure()).contains(Failure.MALFORMED);
    assertThat(billing.verify("").failure()).contains(Failure.MALFORMED);
    ServiceTokens otherRing = ServiceTokens.builder(KeyRing.builder().addGeneratedKey(3).primary(3).build(), "billing").clock(clock).build();
    assertThat(otherRing.verify(token).failure()).contains(Failure.BAD_SIGNATURE);
  }

  @Test
  void nimbus_verifiesAServiceToken_withTheIndependentlyDerivedKey() throws Exception {
    SignedJWT jwt = SignedJWT.parse(gateway.issue("user-7", "billing"));
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
    assertThat(jwt.getHeader().getKeyID()).isEqualTo("3");
    Mac extract = Mac.getInstance("HmacSHA256");
    extract.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
    Mac expand = Mac.getInstance("HmacSHA256");
    expand.init(new SecretKeySpec(extract.doFinal(MASTER), "HmacSHA256"));
    expand.update(ServiceTokens.PURPOSE.getBytes(StandardCharsets.US_ASCII));
    expand.update((byte) 1);
    assertThat(jwt.verify(new MACVerifier(expand.doFinal()))).isTrue();
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo("user-7");
    assertThat(claims.getIssuer()).isEqualTo("api-gateway");
    assertThat(claims.getAudience()).containsExactly("billing");
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(clock.instant().plus(ServiceTokens.DEFAULT_TTL));
  }

  @Test
  void configuration_isChecked() {
    assertThatThrownBy(() -> ServiceTokens.builder(ring, "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServiceTokens.builder(ring, "s").ttl(Duration.ofMinutes(6)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be between PT1S and PT5M, was PT6M");
    assertThatThrownBy(() -> gateway.issue("user\n", "billing"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("userId must be 1 to 256 characters without control characters, was 5 characters");
    assertThat(ServiceTokens.HEADER).isEqualTo("X-User-Token");
  }
}
