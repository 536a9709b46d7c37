package io.hiroi.crypto;

import static io.hiroi.crypto.TokenTestSupport.MASTER_1;
import static io.hiroi.crypto.TokenTestSupport.MASTER_2;
import static io.hiroi.crypto.TokenTestSupport.PURPOSE;
import static io.hiroi.crypto.TokenTestSupport.T0;
import static io.hiroi.crypto.TokenTestSupport.b64;
import static io.hiroi.crypto.TokenTestSupport.hmac;
import static io.hiroi.crypto.TokenTestSupport.hs256;
import static io.hiroi.crypto.TokenTestSupport.ring1;
import static io.hiroi.crypto.TokenTestSupport.unb64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.hiroi.crypto.TokenTestSupport.MutableClock;
import io.hiroi.crypto.TokenVerification.Failure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignedTokensTest {
  private final MutableClock clock = new MutableClock(T0);
  private final KeyRing ring = ring1();
  private final SignedTokens tokens = SignedTokens.builder(ring, PURPOSE).clock(clock).build();
  /** The purpose key of key id 1: what another system holding the secret would sign with. */
  private final byte[] key1 = ring.deriveKey(PURPOSE, 1).toByteArray();

  private final long t0 = T0.getEpochSecond();

  private String payload(String extra) {
    return "{\"sub\":\"v\",\"aud\":\"app\",\"iat\":" + t0 + ",\"exp\":" + (t0 + 600) + extra + "}";
  }

  private static final String HEADER_1 = "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"1\"}";

  private TokenClaims sample() {
    return tokens
        .claims(Duration.ofMinutes(10))
        .subject("visitor-7")
        .audience("app")
        .claim("orig", "https://shop.example")
        .claim("n", 42)
        .build();
  }

  private Failure failureOf(String token) {
    TokenVerification v = tokens.verify(token, "app");
    assertThat(v.isValid()).as("verification of a bad token").isFalse();
    return v.failure().orElseThrow();
  }

  @Nested
  class Format {
    @Test
    void sign_writesExactlyTheSpecifiedHeader_andTheClaimsJson() {
      TokenClaims claims = sample();
      String token = tokens.sign(claims);
      String[] parts = token.split("\\.", -1);
      assertThat(parts).hasSize(3);
      assertThat(new String(unb64(parts[0]), StandardCharsets.UTF_8)).isEqualTo(HEADER_1);
      assertThat(new String(unb64(parts[1]), StandardCharsets.UTF_8))
          .isEqualTo(
              "{\"sub\":\"visitor-7\",\"aud\":\"app\",\"iat\":" + t0 + ",\"exp\":" + (t0 + 600)
                  + ",\"jti\":\"" + claims.jwtId().orElseThrow()
                  + "\",\"orig\":\"https://shop.example\",\"n\":42}");
      assertThat(token).doesNotContain("=", "+", "/", " ");
    }

    @Test
    void sign_signatureIsHmacSha256OfTheAsciiSigningInput_underTheHkdfPurposeKey() throws Exception {
      String token = tokens.sign(sample());
      int dot = token.lastIndexOf('.');
      // The purpose key by hand: HKDF-SHA256 with an empty salt, one block of expand.
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
      byte[] prk = mac.doFinal(MASTER_1);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      mac.update(PURPOSE.getBytes(StandardCharsets.US_ASCII));
      byte[] purposeKey = mac.doFinal(new byte[] {1});
      assertThat(HexFormat.of().formatHex(unb64(token.substring(dot + 1))))
          .isEqualTo(HexFormat.of().formatHex(hmac("HmacSHA256", purposeKey, token.substring(0, dot))));
    }

    @Test
    void verify_roundTrip_returnsTheSignedClaims() {
      TokenClaims claims = sample();
      TokenVerification v = tokens.verify(tokens.sign(claims), "app");
      assertThat(v.isValid()).isTrue();
      assertThat(v.failure()).isEmpty();
      assertThat(v.claims()).isEqualTo(claims);
      assertThat(v.claims().subject()).contains("visitor-7");
      assertThat(v.claims().audiences()).containsExactly("app");
      assertThat(v.claims().issuedAt()).contains(T0);
      assertThat(v.claims().expiresAt()).isEqualTo(T0.plusSeconds(600));
      assertThat(v.claims().notBefore()).isEmpty();
      assertThat(v.claims().jwtId()).isEqualTo(claims.jwtId());
      assertThat(v.claims().stringClaim("orig")).contains("https://shop.example");
      assertThat(v.claims().longClaim("n")).hasValue(42);
      assertThat(v.claims().customClaimNames()).containsExactly("orig", "n");
    }

    @Test
    void verify_roundTrip_withIssuerNotBeforeAndUnicode() {
      TokenClaims claims =
          TokenClaims.builder()
              .issuer("https://issuer.example")
              .subject("Zoë \uD83D\uDE00 \"quoted\" \\ \n")
              .audience("app")
              .notBefore(T0)
              .expiresAt(T0.plusSeconds(60))
              .claim("empty", "")
              .claim("neg", -(1L << 53) + 1)
              .claim("max", (1L << 53) - 1)
              .build();
      TokenVerification v = tokens.verify(tokens.sign(claims), "app");
      assertThat(v.failure()).isEmpty();
      assertThat(v.claims()).isEqualTo(claims);
      assertThat(v.claims().issuedAt()).isEmpty();
      assertThat(v.claims().longClaim("neg")).hasValue(-(1L << 53) + 1);
    }

    @Test
    void sign_usesThePrimaryKeyId_andTheKeyIdPrefix() {
      KeyRing two = KeyRing.builder().addKey(1, MASTER_1).addKey(7, MASTER_2).primary(7).build();
      String plain = SignedTokens.builder(two, PURPOSE).clock(clock).build().sign(sample());
      String prefixed =
          SignedTokens.builder(two, PURPOSE).clock(clock).keyIdPrefix("widget-9").build().sign(sample());
      assertThat(new String(unb64(plain.split("\\.")[0]), StandardCharsets.UTF_8))
          .isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"7\"}");
      assertThat(new String(unb64(prefixed.split("\\.")[0]), StandardCharsets.UTF_8))
          .isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"widget-9.7\"}");
    }

    @Test
    void sign_sameClaimsTwice_givesTheSameToken_andEveryBuilderDrawsANewJti() {
      TokenClaims claims = sample();
      assertThat(tokens.sign(claims)).isEqualTo(tokens.sign(claims));
      assertThat(tokens.sign(sample())).isNotEqualTo(tokens.sign(claims));
    }
  }

  @Nested
  class Nimbus {
    @Test
    void nimbusVerifiesOurTokens_andReadsTheSameHeaderAndClaims() throws Exception {
      TokenClaims claims = sample();
      SignedJWT jwt = SignedJWT.parse(tokens.sign(claims));
      assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
      assertThat(jwt.getHeader().getKeyID()).isEqualTo("1");
      assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
      assertThat(jwt.getHeader().getIncludedParams()).containsExactlyInAnyOrder("alg", "typ", "kid");
      assertThat(jwt.verify(new MACVerifier(key1))).isTrue();
      JWTClaimsSet set = jwt.getJWTClaimsSet();
      assertThat(set.getSubject()).isEqualTo("visitor-7");
      assertThat(set.getAudience()).containsExactly("app");
      assertThat(set.getIssueTime()).isEqualTo(Date.from(T0));
      assertThat(set.getExpirationTime()).isEqualTo(Date.from(T0.plusSeconds(600)));
      assertThat(set.getJWTID()).isEqualTo(claims.jwtId().orElseThrow());
      assertThat(set.getStringClaim("orig")).isEqualTo("https://shop.example");
      assertThat(set.getLongClaim("n")).isEqualTo(42L);
    }

    @Test
    void nimbusInteroperates_withTheExportedKeyOfAHostPurpose() throws Exception {
      // Review finding: the class Javadoc named package-private KeyRing#deriveKey as the key's
      // source; exportPurposeKey is the public one, for the purposes that may leave hiroi.
      SignedTokens partner = SignedTokens.builder(ring, "acme-partner-token-v1").clock(clock).build();
      byte[] exported = ring.exportPurposeKey("acme-partner-token-v1", 1).toByteArray();
      assertThat(SignedJWT.parse(partner.sign(sample())).verify(new MACVerifier(exported))).isTrue();
      String theirs =
          nimbus(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("1").build(), nimbusClaims().build(), exported);
      assertThat(partner.verify(theirs, "app").isValid()).isTrue();
    }

    @Test
    void nimbusRejectsOurTokens_underAnotherPurposeKey() throws Exception {
      byte[] other = ring.deriveKey("hiroi-other-v1", 1).toByteArray();
      assertThat(SignedJWT.parse(tokens.sign(sample())).verify(new MACVerifier(other))).isFalse();
    }

    private String nimbus(JWSHeader header, JWTClaimsSet claims, byte[] key) throws Exception {
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(new MACSigner(key));
      return jwt.serialize();
    }

    private JWTClaimsSet.Builder nimbusClaims() {
      return new JWTClaimsSet.Builder()
          .subject("visitor-7")
          .audience("app")
          .issueTime(Date.from(T0))
          .expirationTime(Date.from(T0.plusSeconds(300)))
          .jwtID("id-1")
          .claim("orig", "https://shop.example");
    }

    @Test
    void nimbusTokens_verifyHere_withTheSpecifiedHeaderMembers() throws Exception {
      String token =
          nimbus(
              new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("1").type(JOSEObjectType.JWT).build(),
              nimbusClaims().build(),
              key1);
      TokenVerification v = tokens.verify(token, "app");
      assertThat(v.isValid()).isTrue();
      assertThat(v.claims().subject()).contains("visitor-7");
      assertThat(v.claims().jwtId()).contains("id-1");
      assertThat(v.claims().issuedAt()).contains(T0);
      assertThat(v.claims().expiresAt()).isEqualTo(T0.plusSeconds(300));
      assertThat(v.claims().stringClaim("orig")).contains("https://shop.example");
    }

    @Test
    void nimbusTokens_withoutTyp_verifyHere() throws Exception {
      String token =
          nimbus(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("1").build(), nimbusClaims().build(), key1);
      assertThat(new String(unb64(token.split("\\.")[0]), StandardCharsets.UTF_8)).doesNotContain("typ");
      assertThat(tokens.verify(token, "app").isValid()).isTrue();
    }

    @Test
    void nimbusTokens_withAudienceArraysNbfAndOtherClaimTypes_verifyHere() throws Exception {
      JWTClaimsSet set =
          nimbusClaims()
              .audience(List.of("other", "app"))
              .notBeforeTime(Date.from(T0))
              .claim("admin", true)
              .claim("roles", List.of("a"))
              .claim("count", 3)
              .build();
      String token =
          nimbus(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("1").type(JOSEObjectType.JWT).build(), set, key1);
      TokenVerification v = tokens.verify(token, "app");
      assertThat(v.isValid()).isTrue();
      assertThat(v.claims().audiences()).containsExactly("other", "app");
      assertThat(v.claims().notBefore()).contains(T0);
      assertThat(v.claims().longClaim("count")).hasValue(3);
      assertThat(v.claims().customClaimNames()).containsExactlyInAnyOrder("orig", "count");
      assertThat(tokens.verify(token, "other").isValid()).isTrue();
      assertThat(tokens.verify(token, "third").failure()).contains(Failure.WRONG_AUDIENCE);
    }

    @Test
    void nimbusTokens_withAnotherKeyOrAlgorithm_areRejected() throws Exception {
      JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("1").build();
      assertThat(failureOf(nimbus(header, nimbusClaims().build(), ring.deriveKey("x-v1", 1).toByteArray())))
          .isEqualTo(Failure.BAD_SIGNATURE);
      byte[] longKey = new byte[64];
      System.arraycopy(key1, 0, longKey, 0, 32);
      JWSHeader hs512 = new JWSHeader.Builder(JWSAlgorithm.HS512).keyID("1").build();
      assertThat(failureOf(nimbus(hs512, nimbusClaims().build(), longKey)))
          .isEqualTo(Failure.UNSUPPORTED_ALGORITHM);
      JWSHeader unknownKid = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("2").build();
      assertThat(failureOf(nimbus(unknownKid, nimbusClaims().build(), key1))).isEqualTo(Failure.UNKNOWN_KEY);
    }

    @Test
    void nimbusTokens_withThePrefixedKid_verifyWithThePrefix() throws Exception {
      SignedTokens widget =
          SignedTokens.builder(ring, "hiroi-widget-session-v1:w1").clock(clock).keyIdPrefix("w1").build();
      // The public way a host's backend gets the widget's key, as the class Javadoc says.
      byte[] widgetKey = ring.exportPurposeKey("hiroi-widget-session-v1:w1", 1).toByteArray();
      String good =
          nimbus(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("w1.1").build(), nimbusClaims().build(), widgetKey);
      assertThat(widget.verify(good, "app").isValid()).isTrue();
      for (String kid : List.of("1", "w2.1", "w1.01", "w1.", "w1", "W1.1", "w1.1 ", ".1", "w1.+1", "w1.2")) {
        String bad =
            nimbus(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), nimbusClaims().build(), widgetKey);
        assertThat(widget.verify(bad, "app").failure()).as("kid %s", kid).contains(Failure.UNKNOWN_KEY);
      }
      assertThat(SignedJWT.parse(widget.sign(sample())).getHeader().getKeyID()).isEqualTo("w1.1");
      assertThat(SignedJWT.parse(widget.sign(sample())).verify(new MACVerifier(widgetKey))).isTrue();
    }
  }

  @Nested
  class Header {
    @Test
    void headerInAnotherMemberOrderOrWithWhitespaceAndEscapes_verifies() {
      for (String header :
          List.of(
              "{\"kid\":\"1\",\"alg\":\"HS256\"}",
              "{\"typ\":\"JWT\",\"kid\":\"1\",\"alg\":\"HS256\"}",
              " { \"alg\" : \"HS256\" ,\n \"kid\" : \"1\" } ",
              "{\"alg\":\"HS\\u0032\\u00356\",\"kid\":\"\\u0031\"}")) {
        TokenVerification v = tokens.verify(hs256(key1, header, payload("")), "app");
        assertThat(v.isValid()).as(header).isTrue();
      }
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"alg\":\"none\",\"kid\":\"1\"}",
          "{\"alg\":\"None\",\"typ\":\"JWT\",\"kid\":\"1\"}",
          "{\"alg\":\"HS512\",\"typ\":\"JWT\",\"kid\":\"1\"}",
          "{\"alg\":\"HS384\",\"typ\":\"JWT\",\"kid\":\"1\"}",
          "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"1\"}",
          "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"1\"}",
          "{\"alg\":\"HS256 \",\"typ\":\"JWT\",\"kid\":\"1\"}",
          "{\"alg\":\" HS256\",\"typ\":\"JWT\",\"kid\":\"1\"}",
          "{\"alg\":\"hs256\",\"typ\":\"JWT\",\"kid\":\"1\"}",
          "{\"alg\":\"Hs256\",\"typ\":\"JWT\",\"kid\":\"1\"}",
          "{\"alg\":\"HS256\\u0000\",\"typ\":\"JWT\",\"kid\":\"1\"}",
          "{\"alg\":\"\",\"typ\":\"JWT\",\"kid\":\"1\"}",
          "{\"alg\":null,\"typ\":\"JWT\",\"kid\":\"1\"}",
          "{\"alg\":256,\"typ\":\"JWT\",\"kid\":\"1\"}",
          "{\"alg\":[\"HS256\"],\"typ\":\"JWT\",\"kid\":\"1\"}",
          "{\"typ\":\"JWT\",\"kid\":\"1\"}"
        })
    void anyAlgorithmButExactlyHs256_isRejected_evenWithAValidHs256Signature(String header) {
      assertThat(failureOf(hs256(key1, header, payload("")))).isEqualTo(Failure.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void algNone_withoutSignature_isRejected() {
      String unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"1\"}") + "." + b64(payload(""));
      assertThat(failureOf(unsigned + ".")).isEqualTo(Failure.UNSUPPORTED_ALGORITHM);
      assertThat(failureOf(unsigned)).isEqualTo(Failure.MALFORMED);
      String noneNoKid = b64("{\"alg\":\"none\"}") + "." + b64(payload("")) + ".";
      assertThat(failureOf(noneNoKid)).isEqualTo(Failure.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void hs512_signedCorrectlyWithTheSameKey_isRejected() {
      String input = b64("{\"alg\":\"HS512\",\"typ\":\"JWT\",\"kid\":\"1\"}") + "." + b64(payload(""));
      String token = input + "." + b64(hmac("HmacSHA512", key1, input));
      assertThat(failureOf(token)).isEqualTo(Failure.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void duplicateHeaderMembers_areRejected_inEitherOrder() {
      assertThat(failureOf(hs256(key1, "{\"alg\":\"HS256\",\"alg\":\"none\",\"kid\":\"1\"}", payload(""))))
          .isEqualTo(Failure.MALFORMED);
      assertThat(failureOf(hs256(key1, "{\"alg\":\"none\",\"alg\":\"HS256\",\"kid\":\"1\"}", payload(""))))
          .isEqualTo(Failure.MALFORMED);
      assertThat(failureOf(hs256(key1, "{\"alg\":\"HS256\",\"kid\":\"1\",\"kid\":\"1\"}", payload(""))))
          .isEqualTo(Failure.MALFORMED);
    }

    @Test
    void kidMissingUnknownOrNotCanonical_isUnknownKey_andANumericKidIsMalformed() {
      assertThat(failureOf(hs256(key1, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload(""))))
          .isEqualTo(Failure.UNKNOWN_KEY);
      for (String kid : List.of("2", "01", "+1", " 1", "1 ", "1.0", "", "-1", "4294967297", "x.1")) {
        assertThat(failureOf(hs256(key1, "{\"alg\":\"HS256\",\"kid\":\"" + kid + "\"}", payload(""))))
            .as("kid %s", kid)
            .isEqualTo(Failure.UNKNOWN_KEY);
      }
      assertThat(failureOf(hs256(key1, "{\"alg\":\"HS256\",\"kid\":1}", payload(""))))
          .isEqualTo(Failure.MALFORMED);
      assertThat(failureOf(hs256(key1, "{\"alg\":\"HS256\",\"kid\":null}", payload(""))))
          .isEqualTo(Failure.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"1\",\"crit\":[\"exp\"]}",
          "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"1\",\"crit\":[]}",
          "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"1\",\"b64\":false}",
          "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"1\",\"cty\":\"JWT\"}",
          "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"1\",\"jku\":\"https://evil.example/k\"}",
          "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"1\",\"jwk\":{\"kty\":\"oct\"}}",
          "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"1\",\"zip\":\"DEF\"}",
          "{\"alg\":\"HS256\",\"typ\":\"jwt\",\"kid\":\"1\"}",
          "{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"1\"}",
          "{\"alg\":\"HS256\",\"typ\":null,\"kid\":\"1\"}"
        })
    void otherHeaderMembersAndTypes_areUnsupported(String header) {
      assertThat(failureOf(hs256(key1, header, payload("")))).isEqualTo(Failure.UNSUPPORTED_HEADER);
    }

    @Test
    void headerThatIsNotAStrictJsonObject_isMalformed() {
      for (String header : List.of("", "[]", "\"HS256\"", "{", "{\"alg\":\"HS256\",\"kid\":\"1\"}x", "null")) {
        assertThat(failureOf(hs256(key1, header, payload("")))).as(header).isEqualTo(Failure.MALFORMED);
      }
      // Invalid UTF-8 inside a JSON string: rejected, not replaced with U+FFFD.
      byte[] bad = "{\"alg\":\"HS256\",\"kid\":\"1\",\"x\":\"\u0000\"}".getBytes(StandardCharsets.ISO_8859_1);
      bad[bad.length - 3] = (byte) 0xC3;
      String input = b64(bad) + "." + b64(payload(""));
      assertThat(failureOf(input + "." + b64(hmac("HmacSHA256", key1, input)))).isEqualTo(Failure.MALFORMED);
    }
  }

  @Nested
  class Claims {
    private TokenVerification verifyPayload(String payload) {
      return tokens.verify(hs256(key1, HEADER_1, payload), "app");
    }

    @Test
    void exp_isRejectedAtExpPlusLeeway_andAcceptedOneMillisecondBefore() {
      String token = tokens.sign(sample());
      Instant exp = T0.plusSeconds(600);
      clock.set(exp.plusSeconds(29));
      assertThat(tokens.verify(token, "app").isValid()).isTrue();
      clock.set(exp.plusSeconds(30).minusMillis(1));
      assertThat(tokens.verify(token, "app").isValid()).isTrue();
      clock.set(exp.plusSeconds(30));
      assertThat(tokens.verify(token, "app").failure()).contains(Failure.EXPIRED);
      clock.set(exp.plus(Duration.ofDays(400)));
      assertThat(tokens.verify(token, "app").failure()).contains(Failure.EXPIRED);
    }

    @Test
    void exp_withZeroLeeway_isRejectedAtExp() {
      SignedTokens strict = SignedTokens.builder(ring, PURPOSE).clock(clock).leeway(Duration.ZERO).build();
      String token = strict.sign(sample());
      clock.set(T0.plusSeconds(600).minusMillis(1));
      assertThat(strict.verify(token, "app").isValid()).isTrue();
      clock.set(T0.plusSeconds(600));
      assertThat(strict.verify(token, "app").failure()).contains(Failure.EXPIRED);
    }

    @Test
    void nbf_inTheFuture_isNotYetValid_unlessWithinLeeway() {
      TokenClaims claims =
          TokenClaims.builder().audience("app").notBefore(T0.plusSeconds(100)).expiresAt(T0.plusSeconds(900)).build();
      String token = tokens.sign(claims);
      assertThat(tokens.verify(token, "app").failure()).contains(Failure.NOT_YET_VALID);
      clock.set(T0.plusSeconds(70).minusMillis(1));
      assertThat(tokens.verify(token, "app").failure()).contains(Failure.NOT_YET_VALID);
      clock.set(T0.plusSeconds(70));
      assertThat(tokens.verify(token, "app").isValid()).isTrue();
    }

    @Test
    void iat_inTheFuture_isRejected_unlessWithinLeeway() {
      assertThat(verifyPayload("{\"aud\":\"app\",\"iat\":" + (t0 + 31) + ",\"exp\":" + (t0 + 600) + "}").failure())
          .contains(Failure.ISSUED_IN_FUTURE);
      assertThat(verifyPayload("{\"aud\":\"app\",\"iat\":" + (t0 + 30) + ",\"exp\":" + (t0 + 600) + "}").isValid())
          .isTrue();
    }

    @Test
    void audience_mustMatchExactly() {
      String token = tokens.sign(sample());
      for (String aud : List.of("App", "app ", "ap", "apps", "other")) {
        assertThat(tokens.verify(token, aud).failure()).as(aud).contains(Failure.WRONG_AUDIENCE);
      }
      String exp = ",\"exp\":" + (t0 + 600) + "}";
      assertThat(verifyPayload("{\"aud\":[]" + exp).failure()).contains(Failure.WRONG_AUDIENCE);
      assertThat(verifyPayload("{\"aud\":[\"x\",\"app\"]" + exp).isValid()).isTrue();
      assertThat(verifyPayload("{\"aud\":[\"x\",1]" + exp).failure()).contains(Failure.MALFORMED);
      assertThat(verifyPayload("{\"aud\":[[\"app\"]]" + exp).failure()).contains(Failure.MALFORMED);
      assertThat(verifyPayload("{\"aud\":1" + exp).failure()).contains(Failure.MALFORMED);
    }

    @Test
    void missingExpOrAud_isMissingClaim() {
      assertThat(verifyPayload("{\"aud\":\"app\",\"iat\":" + t0 + "}").failure()).contains(Failure.MISSING_CLAIM);
      assertThat(verifyPayload("{\"exp\":" + (t0 + 60) + "}").failure()).contains(Failure.MISSING_CLAIM);
      assertThat(verifyPayload("{}").failure()).contains(Failure.MISSING_CLAIM);
      assertThat(verifyPayload("{\"aud\":\"app\",\"exp\":null}").failure()).contains(Failure.MALFORMED);
    }

    @Test
    void numericDates_mustBeWholeSecondsInRange() {
      for (String exp :
          List.of(
              "1767226000.5",
              "1.7672260e9",
              "\"" + (t0 + 60) + "\"",
              "-1",
              "253402300800",
              "9223372036854775807",
              "99999999999999999999",
              "true")) {
        assertThat(verifyPayload("{\"aud\":\"app\",\"exp\":" + exp + "}").failure())
            .as("exp %s", exp)
            .contains(Failure.MALFORMED);
      }
      assertThat(verifyPayload("{\"aud\":\"app\",\"nbf\":1.5,\"exp\":" + (t0 + 60) + "}").failure())
          .contains(Failure.MALFORMED);
      assertThat(verifyPayload("{\"aud\":\"app\",\"iat\":\"x\",\"exp\":" + (t0 + 60) + "}").failure())
          .contains(Failure.MALFORMED);
      clock.set(Instant.parse("9999-12-31T23:59:00Z"));
      assertThat(verifyPayload("{\"aud\":\"app\",\"exp\":253402300799}").isValid()).isTrue();
    }

    @Test
    void registeredStringClaimsOfAnotherType_areMalformed() {
      String rest = ",\"aud\":\"app\",\"exp\":" + (t0 + 60) + "}";
      for (String claim : List.of("\"sub\":1", "\"iss\":[]", "\"jti\":{}", "\"sub\":null", "\"jti\":true")) {
        assertThat(verifyPayload("{" + claim + rest).failure()).as(claim).contains(Failure.MALFORMED);
      }
    }

    @Test
    void payloadThatIsNotOneStrictJsonObject_isMalformed() {
      String exp = "\"exp\":" + (t0 + 60);
      for (String payload :
          List.of(
              "",
              "[]",
              "{\"aud\":\"app\"," + exp + ",\"aud\":\"app\"}",
              "{\"aud\":\"app\"," + exp + "," + exp + "}",
              "{\"aud\":\"app\"," + exp + "}x",
              "{\"aud\":\"app\"," + exp + ",}",
              "{\"aud\":\"app\"," + exp + ",\"x\":01}",
              "{\"aud\":\"app\"," + exp + ",\"x\":\"\\ud800\"}")) {
        assertThat(verifyPayload(payload).failure()).as(payload).contains(Failure.MALFORMED);
      }
      byte[] badUtf8 = ("{\"aud\":\"app\"," + exp + ",\"x\":\"..\"}").getBytes(StandardCharsets.US_ASCII);
      badUtf8[badUtf8.length - 4] = (byte) 0xFF;
      String input = b64(HEADER_1) + "." + b64(badUtf8);
      assertThat(failureOf(input + "." + b64(hmac("HmacSHA256", key1, input)))).isEqualTo(Failure.MALFORMED);
    }

    @Test
    void payloadWithWhitespaceEscapesAndUnicode_verifies() {
      TokenVerification v =
          verifyPayload(
              "{ \"aud\" : [ \"app\" ] ,\n\"sub\":\"Zo\\u00eb\",\"exp\":" + (t0 + 60) + ",\"x\":\"é\",\"b\":false}");
      assertThat(v.isValid()).isTrue();
      assertThat(v.claims().subject()).contains("Zoë");
      assertThat(v.claims().stringClaim("x")).contains("é");
      assertThat(v.claims().customClaimNames()).containsExactly("x");
    }
  }

  @Nested
  class Encoding {
    private final String token = tokens.sign(sample());
    private final String[] parts = token.split("\\.");

    @Test
    void theTokenItself_verifies() {
      assertThat(tokens.verify(token, "app").isValid()).isTrue();
    }

    @Test
    void wrongNumberOfSegments_orEmptySegments_areMalformed() {
      assertThat(failureOf(parts[0] + "." + parts[1])).isEqualTo(Failure.MALFORMED);
      assertThat(failureOf(token + ".")).isEqualTo(Failure.MALFORMED);
      assertThat(failureOf(token + "." + parts[2])).isEqualTo(Failure.MALFORMED);
      assertThat(failureOf("")).isEqualTo(Failure.MALFORMED);
      assertThat(failureOf("..")).isEqualTo(Failure.MALFORMED);
      assertThat(failureOf("...")).isEqualTo(Failure.MALFORMED);
      assertThat(failureOf("." + parts[1] + "." + parts[2])).isEqualTo(Failure.MALFORMED);
      assertThat(failureOf(parts[0] + ".." + parts[2])).isEqualTo(Failure.BAD_SIGNATURE);
      assertThat(failureOf(parts[0] + "." + parts[1] + ".")).isEqualTo(Failure.BAD_SIGNATURE);
      assertThat(failureOf(token.replace('.', ' '))).isEqualTo(Failure.MALFORMED);
    }

    @Test
    void emptyPayload_correctlySigned_isMalformed() {
      String input = parts[0] + ".";
      assertThat(failureOf(input + "." + b64(hmac("HmacSHA256", key1, input)))).isEqualTo(Failure.MALFORMED);
    }

    @Test
    void padding_standardAlphabet_andWhitespace_areMalformed() {
      List<String> variants = new ArrayList<>();
      variants.add(parts[0] + "=." + parts[1] + "." + parts[2]);
      variants.add(parts[0] + "." + parts[1] + "=." + parts[2]);
      variants.add(parts[0] + "." + parts[1] + "." + parts[2] + "=");
      variants.add(token + "=");
      variants.add(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 42) + "A=");
      for (String ws : List.of(" ", "\n", "\r\n", "\t")) {
        variants.add(ws + token);
        variants.add(token + ws);
        variants.add(parts[0] + ws + "." + parts[1] + "." + parts[2]);
        variants.add(parts[0] + "." + parts[1].substring(0, 10) + ws + parts[1].substring(10) + "." + parts[2]);
      }
      // '+' and '/' where the base64url text has '-' and '_', in every segment.
      String standard =
          token.replace('-', '+').replace('_', '/').equals(token)
              ? null
              : token.replace('-', '+').replace('_', '/');
      if (standard != null) {
        variants.add(standard);
      }
      for (int i = 0; i < token.length(); i++) {
        if (token.charAt(i) != '.') {
          variants.add(token.substring(0, i) + "+" + token.substring(i + 1));
          variants.add(token.substring(0, i) + "/" + token.substring(i + 1));
        }
      }
      for (String v : variants) {
        assertThat(failureOf(v)).as("variant %s", v.length()).isEqualTo(Failure.MALFORMED);
      }
    }

    @Test
    void nonCanonicalLastCharacter_isMalformed_thoughALaxDecoderReadsTheSameBytes() {
      // 43 signature characters carry 258 bits: the last 2 must be zero.
      String sig = parts[2];
      char last = sig.charAt(42);
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      int value = alphabet.indexOf(last);
      assertThat(value & 3).isZero();
      for (int low = 1; low < 4; low++) {
        String lax = sig.substring(0, 42) + alphabet.charAt(value | low);
        assertThat(unb64(lax)).isEqualTo(unb64(sig)); // the JDK ignores the extra bits
        assertThat(failureOf(parts[0] + "." + parts[1] + "." + lax)).isEqualTo(Failure.MALFORMED);
      }
      // The same in the payload, when its length leaves unused bits.
      String payload = parts[1];
      if (payload.length() % 4 != 0) {
        int mask = payload.length() % 4 == 2 ? 0x0f : 0x03;
        int v = alphabet.indexOf(payload.charAt(payload.length() - 1));
        String lax = payload.substring(0, payload.length() - 1) + alphabet.charAt(v | mask);
        assertThat(failureOf(parts[0] + "." + lax + "." + parts[2])).isEqualTo(Failure.MALFORMED);
      }
      // A segment of 4n+1 characters encodes no byte string.
      for (int segment = 0; segment < 3; segment++) {
        String[] copy = parts.clone();
        while (copy[segment].length() % 4 != 1) {
          copy[segment] += "A";
        }
        assertThat(failureOf(String.join(".", copy))).as("segment %d", segment).isEqualTo(Failure.MALFORMED);
      }
    }

    @Test
    void nonAsciiCharacters_areMalformed() {
      for (String c : List.of("é", "\u0100", "\uD83D\uDE00", "\u0000", "\u00A0", "\uFF21")) {
        assertThat(failureOf(parts[0] + "." + parts[1] + c + "." + parts[2])).as(c).isEqualTo(Failure.MALFORMED);
        assertThat(failureOf(c + token)).as(c).isEqualTo(Failure.MALFORMED);
      }
    }

    @Test
    void fuzzFinding_surrogatePairsShiftByteIndices_isMalformedNotAnException() {
      // Found by SignedTokensFuzzTest: ISO-8859-1 encodes a surrogate pair as one '?', so the
      // string's dot positions ran past the end of the byte array (ArrayIndexOutOfBounds).
      String pairs = "\uD83D\uDE00".repeat(50);
      for (String bad :
          List.of(
              "." + pairs + ".",
              pairs + "." + parts[1] + "." + parts[2],
              parts[0] + "." + pairs + parts[1] + "." + parts[2],
              parts[0] + "." + parts[1] + "." + pairs,
              "\uD83D\uDE00" + token.substring(2),
              parts[0] + "." + parts[1] + "\uD83D\uDE00" + "." + parts[2])) {
        assertThat(failureOf(bad)).isEqualTo(Failure.MALFORMED);
      }
    }

    @Test
    void oversizedInput_isRejectedBeforeAnythingElse() {
      TokenClaims big = tokens.claims(Duration.ofMinutes(1)).audience("app").claim("pad", "x".repeat(300)).build();
      String bigToken = tokens.sign(big);
      SignedTokens exact =
          SignedTokens.builder(ring, PURPOSE).clock(clock).maxTokenLength(bigToken.length()).build();
      SignedTokens smaller =
          SignedTokens.builder(ring, PURPOSE).clock(clock).maxTokenLength(bigToken.length() - 1).build();
      assertThat(exact.verify(bigToken, "app").isValid()).isTrue();
      assertThat(smaller.verify(bigToken, "app").failure()).contains(Failure.OVERSIZED);
      assertThat(tokens.verify("x".repeat(4097), "app").failure()).contains(Failure.OVERSIZED);
      assertThat(tokens.verify(token + " ".repeat(4097 - token.length()), "app").failure())
          .contains(Failure.OVERSIZED);
      assertThat(tokens.verify(".".repeat(4096), "app").failure()).contains(Failure.MALFORMED);
      assertThatThrownBy(() -> smaller.sign(big))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "signed token would be " + bigToken.length() + " characters, more than maxTokenLength "
                  + (bigToken.length() - 1) + "; send fewer or shorter claims");
    }
  }

  @Nested
  class Tampering {
    private final String token = tokens.sign(sample());
    private final String[] parts = token.split("\\.");

    @Test
    void everyFlippedBitOfTheSignature_isBadSignature() {
      byte[] sig = unb64(parts[2]);
      for (int bit = 0; bit < sig.length * 8; bit++) {
        byte[] flipped = sig.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        assertThat(failureOf(parts[0] + "." + parts[1] + "." + b64(flipped)))
            .as("bit %d", bit)
            .isEqualTo(Failure.BAD_SIGNATURE);
      }
    }

    @Test
    void everyFlippedBitOfThePayload_isBadSignature_beforeThePayloadIsRead() {
      byte[] payload = unb64(parts[1]);
      for (int bit = 0; bit < payload.length * 8; bit++) {
        byte[] flipped = payload.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        assertThat(failureOf(parts[0] + "." + b64(flipped) + "." + parts[2]))
            .as("bit %d", bit)
            .isEqualTo(Failure.BAD_SIGNATURE);
      }
    }

    @Test
    void everyFlippedBitOfTheHeader_isRejected() {
      byte[] header = unb64(parts[0]);
      for (int bit = 0; bit < header.length * 8; bit++) {
        byte[] flipped = header.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        assertThat(tokens.verify(b64(flipped) + "." + parts[1] + "." + parts[2], "app").isValid())
            .as("bit %d", bit)
            .isFalse();
      }
    }

    @Test
    void everySingleCharacterSubstitution_isRejected() {
      String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
      for (int i = 0; i < token.length(); i++) {
        for (int c = 0; c < chars.length(); c++) {
          if (chars.charAt(c) == token.charAt(i)) {
            continue;
          }
          String changed = token.substring(0, i) + chars.charAt(c) + token.substring(i + 1);
          assertThat(tokens.verify(changed, "app").isValid()).as("position %d", i).isFalse();
        }
      }
    }

    @Test
    void truncationAtEveryLength_andAppendedCharacters_areRejected() {
      for (int length = 0; length < token.length(); length++) {
        assertThat(tokens.verify(token.substring(0, length), "app").isValid()).as("length %d", length).isFalse();
      }
      for (String suffix : List.of("A", "AA", "AAAA", "-", ".", "=")) {
        assertThat(tokens.verify(token + suffix, "app").isValid()).as(suffix).isFalse();
      }
    }
  }

  @Nested
  class Keys {
    @Test
    void anotherPurposeOfTheSameRing_isBadSignature() {
      SignedTokens other = SignedTokens.builder(ring, "hiroi-other-v1").clock(clock).build();
      assertThat(other.verify(tokens.sign(sample()), "app").failure()).contains(Failure.BAD_SIGNATURE);
      assertThat(tokens.verify(other.sign(sample()), "app").failure()).contains(Failure.BAD_SIGNATURE);
    }

    @Test
    void anotherRingWithTheSameKeyId_isBadSignature() {
      KeyRing otherRing = KeyRing.builder().addKey(1, MASTER_2).primary(1).build();
      SignedTokens other = SignedTokens.builder(otherRing, PURPOSE).clock(clock).build();
      assertThat(other.verify(tokens.sign(sample()), "app").failure()).contains(Failure.BAD_SIGNATURE);
    }

    @Test
    void rotation_oldTokensVerifyWhileTheOldKeyStays_thenFailWithUnknownKey() {
      String old = tokens.sign(sample());
      KeyRing rotated = ring.toBuilder().addKey(2, MASTER_2).primary(2).build();
      SignedTokens afterRotation = SignedTokens.builder(rotated, PURPOSE).clock(clock).build();
      assertThat(afterRotation.verify(old, "app").isValid()).isTrue();
      String fresh = afterRotation.sign(sample());
      assertThat(new String(unb64(fresh.split("\\.")[0]), StandardCharsets.UTF_8)).contains("\"kid\":\"2\"");
      assertThat(afterRotation.verify(fresh, "app").isValid()).isTrue();
      assertThat(tokens.verify(fresh, "app").failure()).contains(Failure.UNKNOWN_KEY);

      KeyRing retired = KeyRing.builder().addKey(2, MASTER_2).primary(2).build();
      SignedTokens afterRetirement = SignedTokens.builder(retired, PURPOSE).clock(clock).build();
      assertThat(afterRetirement.verify(old, "app").failure()).contains(Failure.UNKNOWN_KEY);
      assertThat(afterRetirement.verify(fresh, "app").isValid()).isTrue();
    }

    @Test
    void keyIdPrefix_mustMatchExactly_andAPrefixedTokenFailsWithoutIt() {
      SignedTokens w1 = SignedTokens.builder(ring, PURPOSE).clock(clock).keyIdPrefix("w1").build();
      SignedTokens w2 = SignedTokens.builder(ring, PURPOSE).clock(clock).keyIdPrefix("w2").build();
      String token = w1.sign(sample());
      assertThat(w1.verify(token, "app").isValid()).isTrue();
      assertThat(w2.verify(token, "app").failure()).contains(Failure.UNKNOWN_KEY);
      assertThat(tokens.verify(token, "app").failure()).contains(Failure.UNKNOWN_KEY);
      assertThat(w1.verify(tokens.sign(sample()), "app").failure()).contains(Failure.UNKNOWN_KEY);
      // A prefix that itself contains the separator is matched as a whole.
      SignedTokens dotted = SignedTokens.builder(ring, PURPOSE).clock(clock).keyIdPrefix("a.b").build();
      assertThat(dotted.verify(dotted.sign(sample()), "app").isValid()).isTrue();
      assertThat(dotted.verify(hs256(key1, "{\"alg\":\"HS256\",\"kid\":\"a.b.1\"}", payload("")), "app").isValid())
          .isTrue();
      assertThat(dotted.verify(hs256(key1, "{\"alg\":\"HS256\",\"kid\":\"b.1\"}", payload("")), "app").failure())
          .contains(Failure.UNKNOWN_KEY);
    }

    @Test
    void largeKeyIds_roundTrip() {
      KeyRing big = KeyRing.builder().addKey(0, MASTER_1).addKey(Integer.MAX_VALUE, MASTER_2).primary(0).build();
      SignedTokens zero = SignedTokens.builder(big, PURPOSE).clock(clock).build();
      KeyRing bigPrimary = big.toBuilder().primary(Integer.MAX_VALUE).build();
      SignedTokens max = SignedTokens.builder(bigPrimary, PURPOSE).clock(clock).build();
      String t = max.sign(sample());
      assertThat(new String(unb64(t.split("\\.")[0]), StandardCharsets.UTF_8)).contains("\"kid\":\"2147483647\"");
      assertThat(zero.verify(t, "app").isValid()).isTrue();
      assertThat(max.verify(zero.sign(sample()), "app").isValid()).isTrue();
    }
  }

  @Nested
  class Configuration {
    private SignedTokens.Builder builder() {
      return SignedTokens.builder(ring, PURPOSE);
    }

    @Test
    void settings_areCheckedAtOnce_withTheSettingAndRangeInTheMessage() {
      assertThatThrownBy(() -> builder().leeway(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("token leeway must be between PT0S and PT5M, was PT-1S");
      assertThatThrownBy(() -> builder().leeway(Duration.ofMinutes(5).plusMillis(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("token leeway must be between PT0S and PT5M, was PT5M0.001S");
      assertThatThrownBy(() -> builder().maxTokenLength(255))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxTokenLength must be between 256 and 16384 characters, was 255");
      assertThatThrownBy(() -> builder().maxTokenLength(16385))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxTokenLength must be between 256 and 16384 characters, was 16385");
      for (String prefix : List.of("", "a b", "a\"b", "a\\b", "é", "x".repeat(129), "a\nb")) {
        assertThatThrownBy(() -> builder().keyIdPrefix(prefix))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(
                "keyIdPrefix must be 1 to 128 printable ASCII characters without spaces, quotes or"
                    + " backslashes (length was " + prefix.length() + ")");
      }
      assertThatThrownBy(() -> SignedTokens.builder(ring, "has space"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("purpose must be 1 to 256 printable ASCII characters without spaces (length was 9)");
      SignedTokens widest = builder().leeway(Duration.ofMinutes(5)).maxTokenLength(16384).keyIdPrefix("x".repeat(128)).build();
      String token = widest.sign(widest.claims(Duration.ofMinutes(1)).audience("a").build());
      assertThat(widest.verify(token, "a").isValid()).isTrue();
    }

    @Test
    void settingTwice_throwsIllegalState() {
      assertThatThrownBy(() -> builder().leeway(Duration.ZERO).leeway(Duration.ZERO))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("leeway was already set");
      assertThatThrownBy(() -> builder().clock(clock).clock(clock))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("clock was already set");
      assertThatThrownBy(() -> builder().maxTokenLength(300).maxTokenLength(300))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("maxTokenLength was already set");
      assertThatThrownBy(() -> builder().keyIdPrefix("a").keyIdPrefix("a"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("keyIdPrefix was already set");
    }

    @Test
    void nulls_throwNullPointerException_namingTheArgument() {
      assertThatThrownBy(() -> SignedTokens.builder(null, PURPOSE)).hasMessage("ring");
      assertThatThrownBy(() -> SignedTokens.builder(ring, null)).hasMessage("purpose");
      assertThatThrownBy(() -> builder().clock(null)).hasMessage("clock");
      assertThatThrownBy(() -> builder().leeway(null)).hasMessage("leeway");
      assertThatThrownBy(() -> builder().keyIdPrefix(null)).hasMessage("keyIdPrefix");
      assertThatThrownBy(() -> tokens.verify(null, "app"))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("token");
      assertThatThrownBy(() -> tokens.verify("a.b.c", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("expectedAudience");
      assertThatThrownBy(() -> tokens.sign(null)).isInstanceOf(NullPointerException.class).hasMessage("claims");
      assertThatThrownBy(() -> tokens.claims(null)).isInstanceOf(NullPointerException.class).hasMessage("ttl");
    }

    @Test
    void emptyExpectedAudience_isACallerError() {
      assertThatThrownBy(() -> tokens.verify(tokens.sign(sample()), ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("expectedAudience must not be empty");
    }

    @Test
    void claims_fillsIatAndExpFromTheClock_roundedDown_andChecksTheTtl() {
      clock.set(T0.plusMillis(999));
      TokenClaims claims = tokens.claims(Duration.ofSeconds(90)).audience("app").build();
      assertThat(claims.issuedAt()).contains(T0);
      assertThat(claims.expiresAt()).isEqualTo(T0.plusSeconds(90));
      assertThat(claims.jwtId()).isPresent();
      // The preset times may be replaced once each.
      TokenClaims replaced =
          tokens.claims(Duration.ofSeconds(90)).audience("app").expiresAt(T0.plusSeconds(10)).build();
      assertThat(replaced.expiresAt()).isEqualTo(T0.plusSeconds(10));
      assertThatThrownBy(() -> tokens.claims(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("token ttl must be at least 1 second and end by 9999-12-31T23:59:59Z, was PT0S");
      assertThatThrownBy(() -> tokens.claims(Duration.ofSeconds(-5)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("token ttl must be at least 1 second and end by 9999-12-31T23:59:59Z, was PT-5S");
      clock.set(T0);
      assertThatThrownBy(() -> tokens.claims(Duration.ofMillis(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("token ttl must be at least 1 second and end by 9999-12-31T23:59:59Z, was PT0.001S");
      assertThatThrownBy(() -> tokens.claims(Duration.ofSeconds(Long.MAX_VALUE)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("token ttl must be at least 1 second");
      assertThatThrownBy(() -> tokens.claims(Duration.ofDays(3_000_000)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("token ttl must be at least 1 second");
    }

    @Test
    void defaults_areTheDocumentedConstants() {
      assertThat(SignedTokens.DEFAULT_LEEWAY).isEqualTo(Duration.ofSeconds(30));
      assertThat(SignedTokens.MAX_LEEWAY).isEqualTo(Duration.ofMinutes(5));
      assertThat(SignedTokens.DEFAULT_MAX_TOKEN_LENGTH).isEqualTo(4096);
      assertThat(SignedTokens.MAX_TOKEN_LENGTH_CEILING).isEqualTo(16384);
      SignedTokens systemClock = SignedTokens.builder(ring, PURPOSE).build();
      TokenClaims claims = systemClock.claims(Duration.ofMinutes(1)).audience("app").build();
      assertThat(claims.issuedAt().orElseThrow()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(5, java.time.temporal.ChronoUnit.SECONDS));
      assertThat(systemClock.verify(systemClock.sign(claims), "app").isValid()).isTrue();
      assertThat(systemClock.toString())
          .isEqualTo("SignedTokens[purpose=hiroi-test-token-v1, primary=1, keyIds=[1], leeway=PT30S, maxTokenLength=4096]");
    }
  }

  @Nested
  class Secrecy {
    @Test
    void noToStringOrMessage_holdsTheTokenItsSignatureOrKeyMaterial() {
      TokenClaims claims = sample();
      String token = tokens.sign(claims);
      String signature = token.substring(token.lastIndexOf('.') + 1);
      String hexKey = HexFormat.of().formatHex(key1);
      List<String> texts = new ArrayList<>();
      texts.add(tokens.toString());
      texts.add(SignedTokens.builder(ring, PURPOSE).toString());
      texts.add(SignedTokens.builder(ring, PURPOSE).keyIdPrefix("w1").build().toString());
      texts.add(claims.toString());
      texts.add(tokens.verify(token, "app").toString());
      texts.add(tokens.verify(token, "app").claims().toString());
      for (String bad : List.of(token + "x", token.substring(0, 30), token.replace('.', ','))) {
        TokenVerification v = tokens.verify(bad, "app");
        texts.add(v.toString());
        texts.add(v.failure().orElseThrow().toString());
        try {
          v.claims();
        } catch (IllegalStateException e) {
          texts.add(e.getMessage());
        }
      }
      for (String text : texts) {
        assertThat(text)
            .doesNotContain(token)
            .doesNotContain(signature)
            .doesNotContain(token.substring(0, token.lastIndexOf('.')))
            .doesNotContain(hexKey)
            .doesNotContain("visitor-7")
            .doesNotContain("https://shop.example");
      }
      assertThat(tokens.verify(token, "app").toString()).isEqualTo("TokenVerification[valid]");
      assertThat(tokens.verify(token + "x", "app").toString()).isEqualTo("TokenVerification[invalid: BAD_SIGNATURE]");
      assertThat(claims.toString())
          .isEqualTo(
              "TokenClaims[exp=2026-01-01T00:10:00Z, iat=2026-01-01T00:00:00Z, claims=[sub, aud, jti, orig, n]]");
    }

    @Test
    void claimsOfAnInvalidToken_throwIllegalState_namingOnlyTheReason() {
      TokenVerification v = tokens.verify("nope", "app");
      assertThatThrownBy(v::claims)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the token is not valid (MALFORMED); check isValid() before claims()");
    }
  }

  @Nested
  class Concurrency {
    @Test
    void manyThreadsSigningAndVerifying_onOneInstance_getTheKnownAnswers() throws Exception {
      KeyRing rotated = ring.toBuilder().addKey(2, MASTER_2).primary(2).build();
      SignedTokens shared = SignedTokens.builder(rotated, PURPOSE).clock(clock).build();
      List<TokenClaims> claims = new ArrayList<>();
      List<String> expectedTokens = new ArrayList<>();
      List<String> oldKeyTokens = new ArrayList<>();
      List<String> forged = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        TokenClaims c = shared.claims(Duration.ofMinutes(10)).subject("user-" + i).audience("app").claim("i", i).build();
        claims.add(c);
        expectedTokens.add(shared.sign(c));
        oldKeyTokens.add(tokens.sign(c)); // key id 1, still in the shared ring
        String t = expectedTokens.get(i);
        forged.add(t.substring(0, t.length() - 2) + (t.endsWith("AA") ? "QA" : "AA"));
      }
      int threads = 8;
      int rounds = 400;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int r = 0; r < rounds; r++) {
                    int i = (seed * 7 + r) % claims.size();
                    if (!shared.sign(claims.get(i)).equals(expectedTokens.get(i))) {
                      errors.add("sign " + i);
                    }
                    TokenVerification v = shared.verify(expectedTokens.get(i), "app");
                    if (!v.isValid() || !v.claims().equals(claims.get(i))) {
                      errors.add("verify " + i + " " + v);
                    }
                    TokenVerification old = shared.verify(oldKeyTokens.get(i), "app");
                    if (!old.isValid() || !old.claims().equals(claims.get(i))) {
                      errors.add("verify old " + i + " " + old);
                    }
                    if (!shared.verify(forged.get(i), "app").failure().equals(java.util.Optional.of(Failure.BAD_SIGNATURE))) {
                      errors.add("forged " + i);
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(errors).isEmpty();
    }
  }

  @Test
  void withAFixedClock_tokensVerify_andEveryClaimsBuilderDrawsADistinctJti() {
    SignedTokens fixed =
        SignedTokens.builder(ring, PURPOSE).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    String token = fixed.sign(fixed.claims(Duration.ofSeconds(1)).audience("app").build());
    assertThat(fixed.verify(token, "app").isValid()).isTrue();
    Set<String> jtis = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      jtis.add(fixed.claims(Duration.ofSeconds(1)).audience("app").build().jwtId().orElseThrow());
    }
    assertThat(jtis).hasSize(1000);
  }

  @Test
  void builder_refusesPurposesWhoseKeysServeAnotherFeature() {
    KeyRing ring = KeyRing.builder().addKey(1, KeyRingTest.TEST_KEY_1).primary(1).build();
    for (String[] c : new String[][] {{"hiroi-credential-v1", "AES-GCM"}, {"hiroi-totp-v1", "AES-GCM"},
        {"hiroi-audit-subject-v1", "AES-GCM"}, {"hiroi-audit-pii-v1", "AES-GCM"},
        {"hiroi-apikey-v1", "internal MAC"}, {"hiroi-audit-chain-v1", "internal MAC"},
        {"hiroi-audit-head-v1", "internal MAC"}, {"hiroi-audit-subject-lookup-v1", "internal MAC"},
        {"hiroi-new-device-v1", "internal MAC"}}) {
      assertThatThrownBy(() -> SignedTokens.builder(ring, c[0]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("purpose " + c[0] + " is reserved for hiroi's " + c[1] + " keys; use a purpose of its own");
    }
    SignedTokens oauthState = SignedTokens.builder(ring, "hiroi-oauth-state-v1").build();
    String token = oauthState.sign(oauthState.claims(java.time.Duration.ofMinutes(5)).audience("oauth").build());
    assertThat(oauthState.verify(token, "oauth").isValid()).isTrue();
  }
}
