package io.hiroi.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hiroi.crypto.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

/**
 * Fuzz targets for the token parser. Under {@code mvn verify} they run once per seed in {@code
 * src/test/resources/io/hiroi/crypto/SignedTokensFuzzTestInputs/<method>/} (Jazzer's regression
 * mode, in Surefire's {@code fuzz-regression} execution); to fuzz for real, run one target with
 * {@code JAZZER_FUZZ=1}, for example {@code JAZZER_FUZZ=1 mvn -pl hiroi-crypto test
 * -Dtest=SignedTokensFuzzTest#verify_arbitraryInput_neverThrowsAndIsNeverValid}.
 */
class SignedTokensFuzzTest {
  /** Keys drawn fresh for each run: no input can hold a valid signature except by forgery. */
  private static final KeyRing RING = KeyRing.builder().addGeneratedKey(1).addGeneratedKey(2).primary(2).build();

  private static final Clock CLOCK = Clock.fixed(TokenTestSupport.T0, ZoneOffset.UTC);
  private static final SignedTokens TOKENS =
      SignedTokens.builder(RING, TokenTestSupport.PURPOSE).clock(CLOCK).build();
  private static final SignedTokens PREFIXED =
      SignedTokens.builder(RING, TokenTestSupport.PURPOSE).clock(CLOCK).keyIdPrefix("w1").build();

  private static final String VALID =
      TOKENS.sign(TOKENS.claims(Duration.ofMinutes(5)).subject("visitor-7").audience("app").claim("n", 1).build());

  @FuzzTest(maxDuration = "2m")
  void verify_arbitraryInput_neverThrowsAndIsNeverValid(byte[] data) {
    for (String token :
        new String[] {
          new String(data, StandardCharsets.UTF_8), new String(data, StandardCharsets.ISO_8859_1)
        }) {
      assertThat(TOKENS.verify(token, "app").isValid()).isFalse();
      assertThat(PREFIXED.verify(token, "app").isValid()).isFalse();
    }
  }

  @FuzzTest(maxDuration = "2m")
  void verify_anyEditOfAValidToken_isRejected(FuzzedDataProvider data) {
    StringBuilder token = new StringBuilder(VALID);
    int edits = data.consumeInt(1, 4);
    for (int i = 0; i < edits; i++) {
      int at = data.consumeInt(0, token.length());
      switch (data.consumeInt(0, 2)) {
        case 0:
          if (at < token.length()) {
            token.deleteCharAt(at);
          }
          break;
        case 1:
          token.insert(at, data.consumeChar());
          break;
        default:
          if (at < token.length()) {
            token.setCharAt(at, data.consumeChar());
          }
      }
    }
    String edited = token.toString();
    TokenVerification result = TOKENS.verify(edited, "app");
    assertThat(result.isValid()).as(result.toString()).isEqualTo(edited.equals(VALID));
  }

  @FuzzTest(maxDuration = "2m")
  void payload_flatAndStrictReaders_agree(byte[] data) {
    TokenPayloadTest.assertAgree(data);
  }

  @FuzzTest(maxDuration = "2m")
  void json_rejectsOnlyWithMalformedJsonException(byte[] data) {
    try {
      Json.parse(new String(data, StandardCharsets.UTF_8));
    } catch (Json.MalformedJsonException expected) {
      // Rejection is the expected outcome for most inputs; any other exception fails the target.
    }
  }
}
