package io.hiroi.widget;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hiroi.crypto.KeyRing;
import java.time.Duration;
import java.time.Instant;

/**
 * Fuzzes widget session verification: for any token text, endpoint widget id and request origin,
 * {@link WidgetSessionTokens#verify} returns (never throws) and never accepts, because no input can
 * carry a valid signature; and a valid token with any one character changed is rejected.
 *
 * <p>Runs in regression mode in the build (seeds under {@code
 * src/test/resources/io/hiroi/widget/WidgetSessionTokensFuzzTestInputs/}); fuzz with {@code
 * JAZZER_FUZZ=1 mvn -pl hiroi-widget-token -am test -Dtest=WidgetSessionTokensFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class WidgetSessionTokensFuzzTest {
  private static final Instant T0 = Instant.parse("2025-12-01T00:00:00Z");
  private static final WidgetSessionTokens TOKENS =
      WidgetSessionTokens.builder(KeyRing.builder().addKey(1, WidgetSessionTokensTest.MASTER_1).primary(1).build())
          .clock(java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC))
          .build();
  private static final String VALID = TOKENS.issue("w42", "https://shop.example.com", "visitor-17", Duration.ofHours(1));

  @FuzzTest(maxDuration = "30s")
  void verify_arbitraryInput_neverThrowsAndIsNeverValid(FuzzedDataProvider data) {
    String widget = data.consumeString(80);
    String origin = data.consumeBoolean() ? null : data.consumeString(600);
    String token = data.consumeRemainingAsString();
    WidgetSessionVerification v = TOKENS.verify(token, widget, origin);
    assertThat(v.isValid()).isFalse();
    assertThat(v.failure()).isPresent();
  }

  @FuzzTest(maxDuration = "30s")
  void verify_anyEditOfAValidToken_isRejected(FuzzedDataProvider data) {
    int at = data.consumeInt(0, VALID.length() - 1);
    char c = data.consumeChar();
    if (c == VALID.charAt(at)) {
      return;
    }
    String edited = VALID.substring(0, at) + c + VALID.substring(at + 1);
    WidgetSessionVerification v = TOKENS.verify(edited, "w42", "https://shop.example.com");
    // The last signature character carries 4 unused bits that strict base64url must reject too.
    assertThat(v.isValid()).as("edited at %d", at).isFalse();
  }
}
