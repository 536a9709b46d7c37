package io.hiroi.crypto;

import static io.hiroi.crypto.TokenTestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenClaimsTest {
  private static TokenClaims.Builder minimal() {
    return TokenClaims.builder().audience("app").expiresAt(T0.plusSeconds(60));
  }

  @Test
  void build_requiresAnAudienceAndAnExpiry() {
    assertThatThrownBy(() -> TokenClaims.builder().expiresAt(T0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token claims need an audience");
    assertThatThrownBy(() -> TokenClaims.builder().audience("app").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token claims need an expiry (expiresAt)");
    TokenClaims claims = minimal().build();
    assertThat(claims.audiences()).containsExactly("app");
    assertThat(claims.subject()).isEmpty();
    assertThat(claims.issuer()).isEmpty();
    assertThat(claims.issuedAt()).isEmpty();
    assertThat(claims.notBefore()).isEmpty();
    assertThat(claims.customClaimNames()).isEmpty();
  }

  @Test
  void build_requiresTheExpiryAfterIssueAndNotBeforeTimes() {
    assertThatThrownBy(() -> minimal().issuedAt(T0.plusSeconds(60)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expiresAt must be after issuedAt");
    assertThatThrownBy(() -> minimal().notBefore(T0.plusSeconds(61)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expiresAt must be after notBefore");
    assertThat(minimal().issuedAt(T0.plusSeconds(59)).notBefore(T0.plusSeconds(59)).build().notBefore())
        .contains(T0.plusSeconds(59));
  }

  @Test
  void times_areRoundedToWholeSecondsInTheDirectionThatNeverLengthensTheToken() {
    TokenClaims claims =
        TokenClaims.builder()
            .audience("app")
            .issuedAt(T0.plusMillis(999))
            .notBefore(T0.plusMillis(1))
            .expiresAt(T0.plusSeconds(60).plusMillis(999))
            .build();
    assertThat(claims.issuedAt()).contains(T0);
    assertThat(claims.notBefore()).contains(T0.plusSeconds(1));
    assertThat(claims.expiresAt()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void times_mustLieBetween1970And9999() {
    assertThatThrownBy(() -> TokenClaims.builder().expiresAt(Instant.EPOCH.minusMillis(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expiresAt must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z, was 1969-12-31T23:59:59.999Z");
    assertThatThrownBy(() -> TokenClaims.builder().issuedAt(Instant.parse("+10000-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("issuedAt must be between");
    assertThatThrownBy(() -> TokenClaims.builder().notBefore(Instant.parse("9999-12-31T23:59:59.5Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("notBefore must be between");
    assertThat(TokenClaims.builder().audience("a").expiresAt(Instant.parse("9999-12-31T23:59:59.9Z")).build().expiresAt())
        .isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"iss", "sub", "aud", "exp", "nbf", "iat", "jti"})
  void registeredNames_areRejectedAsCustomClaims(String name) {
    String message = "claim name \"" + name + "\" is a registered claim; use its own builder method (jti is always drawn by hiroi)";
    assertThatThrownBy(() -> TokenClaims.builder().claim(name, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> TokenClaims.builder().claim(name, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void customClaims_checkNamesValuesAndRepeats() {
    assertThatThrownBy(() -> TokenClaims.builder().claim("", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("custom claim names must be 1 to 256 characters of valid UTF-16 (length was 0)");
    assertThatThrownBy(() -> TokenClaims.builder().claim("x".repeat(257), "x"))
        .hasMessage("custom claim names must be 1 to 256 characters of valid UTF-16 (length was 257)");
    assertThatThrownBy(() -> TokenClaims.builder().claim("a\uD800", "x"))
        .hasMessage("custom claim names must be 1 to 256 characters of valid UTF-16 (length was 2)");
    assertThatThrownBy(() -> TokenClaims.builder().claim("a", "\uDC00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("claim value must not be empty and must be valid UTF-16 (no unpaired surrogate)");
    assertThatThrownBy(() -> TokenClaims.builder().claim("a", "x").claim("a", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this custom claim was already set");
    assertThatThrownBy(() -> TokenClaims.builder().claim("a", (1L << 53)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "custom integer claims must be between -9007199254740991 and 9007199254740991 (RFC 7493"
                + " I-JSON), so that every JSON reader reads them exactly");
    assertThatThrownBy(() -> TokenClaims.builder().claim("a", Long.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenClaims.builder().claim(null, "x")).isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> TokenClaims.builder().claim("a", null)).isInstanceOf(NullPointerException.class).hasMessage("value");
    TokenClaims claims = minimal().claim("s", "").claim("l", 5).claim("z", "\uD83D\uDE00").build();
    assertThat(claims.stringClaim("s")).contains("");
    assertThat(claims.longClaim("l")).hasValue(5);
    assertThat(claims.stringClaim("l")).isEmpty();
    assertThat(claims.longClaim("s")).isEmpty();
    assertThat(claims.stringClaim("missing")).isEmpty();
    assertThat(claims.customClaimNames()).containsExactly("s", "l", "z");
    assertThatThrownBy(() -> claims.customClaimNames().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void registeredSetters_checkTextAndMayBeCalledOnce() {
    assertThatThrownBy(() -> TokenClaims.builder().subject(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("subject must not be empty and must be valid UTF-16 (no unpaired surrogate)");
    assertThatThrownBy(() -> TokenClaims.builder().audience("x\uD800"))
        .hasMessage("audience must not be empty and must be valid UTF-16 (no unpaired surrogate)");
    assertThatThrownBy(() -> TokenClaims.builder().issuer(""))
        .hasMessage("issuer must not be empty and must be valid UTF-16 (no unpaired surrogate)");
    assertThatThrownBy(() -> TokenClaims.builder().subject(null)).isInstanceOf(NullPointerException.class).hasMessage("subject");
    assertThatThrownBy(() -> TokenClaims.builder().expiresAt(null)).isInstanceOf(NullPointerException.class).hasMessage("expiresAt");
    assertThatThrownBy(() -> TokenClaims.builder().subject("a").subject("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("subject was already set");
    assertThatThrownBy(() -> TokenClaims.builder().audience("a").audience("b")).hasMessage("audience was already set");
    assertThatThrownBy(() -> TokenClaims.builder().issuer("a").issuer("b")).hasMessage("issuer was already set");
    assertThatThrownBy(() -> TokenClaims.builder().expiresAt(T0).expiresAt(T0)).hasMessage("expiresAt was already set");
    assertThatThrownBy(() -> TokenClaims.builder().issuedAt(T0).issuedAt(T0)).hasMessage("issuedAt was already set");
    assertThatThrownBy(() -> TokenClaims.builder().notBefore(T0).notBefore(T0)).hasMessage("notBefore was already set");
  }

  @Test
  void jwtId_is128RandomBitsInBase64url_drawnPerBuilder() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      String id = minimal().build().jwtId().orElseThrow();
      assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]{22}");
      assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
      ids.add(id);
    }
    assertThat(ids).hasSize(2000);
    TokenClaims.Builder builder = minimal();
    assertThat(builder.build().jwtId()).isEqualTo(builder.build().jwtId());
  }

  @Test
  void toBuilder_copiesEveryClaim_drawsANewJti_andLetsEachBeReplacedOnce() {
    TokenClaims claims =
        minimal().issuer("i").subject("s").issuedAt(T0).notBefore(T0).claim("c", "v").claim("n", 1).build();
    TokenClaims copy = claims.toBuilder().build();
    assertThat(copy.jwtId()).isNotEqualTo(claims.jwtId());
    assertThat(copy.issuer()).isEqualTo(claims.issuer());
    assertThat(copy.subject()).isEqualTo(claims.subject());
    assertThat(copy.audiences()).isEqualTo(claims.audiences());
    assertThat(copy.issuedAt()).isEqualTo(claims.issuedAt());
    assertThat(copy.notBefore()).isEqualTo(claims.notBefore());
    assertThat(copy.expiresAt()).isEqualTo(claims.expiresAt());
    assertThat(copy.stringClaim("c")).contains("v");
    assertThat(copy.longClaim("n")).hasValue(1);
    TokenClaims renewed = claims.toBuilder().expiresAt(T0.plusSeconds(3600)).claim("c", "w").build();
    assertThat(renewed.expiresAt()).isEqualTo(T0.plusSeconds(3600));
    assertThat(renewed.stringClaim("c")).contains("w");
    assertThat(renewed.customClaimNames()).containsExactly("c", "n");
    assertThatThrownBy(() -> claims.toBuilder().subject("a").subject("b")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void equalsAndHashCode_compareEveryClaim() {
    TokenClaims.Builder builder = minimal().subject("s").claim("c", "v");
    TokenClaims a = builder.build();
    TokenClaims b = builder.build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(minimal().subject("s").claim("c", "v").build()); // another jti
    assertThat(a).isNotEqualTo(null).isNotEqualTo("x");
  }

  @Test
  void toString_namesClaimsButPrintsOnlyTimes() {
    TokenClaims claims =
        minimal().issuer("secret-issuer").subject("alice@example.com").notBefore(T0).claim("email", "bob@example.com").build();
    assertThat(claims.toString())
        .isEqualTo(
            "TokenClaims[exp=2026-01-01T00:01:00Z, nbf=2026-01-01T00:00:00Z, claims=[iss, sub, aud, jti, email]]");
    assertThat(TokenClaims.builder().subject("alice").claim("k", "v").toString())
        .doesNotContain("alice")
        .doesNotContain("v]");
  }

  @Test
  void toJson_writesRegisteredClaimsInAFixedOrder_thenCustomClaims_escaped() {
    TokenClaims claims =
        TokenClaims.builder()
            .claim("z", "\"\\\n\u0001")
            .expiresAt(T0.plusSeconds(1))
            .subject("s")
            .audience("a")
            .issuer("i")
            .notBefore(T0)
            .issuedAt(T0)
            .claim("n", -3)
            .build();
    String jti = claims.jwtId().orElseThrow();
    long t = T0.getEpochSecond();
    assertThat(claims.toJson())
        .isEqualTo(
            "{\"iss\":\"i\",\"sub\":\"s\",\"aud\":\"a\",\"iat\":" + t + ",\"nbf\":" + t + ",\"exp\":" + (t + 1)
                + ",\"jti\":\"" + jti + "\",\"z\":\"\\\"\\\\\\n\\u0001\",\"n\":-3}");
  }
}
