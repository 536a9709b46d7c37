package io.hiroi.widget;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes {@link OriginSafelist#check(String)}: for any input its fast path and the full parser
 * path give the same answer (the same allowed origin or the same denial), and neither throws.
 *
 * <p>Runs in regression mode in the build (seeds under {@code
 * src/test/resources/io/hiroi/widget/OriginSafelistFuzzTestInputs/check_fastPathAgreesWithTheParser/});
 * fuzz with {@code JAZZER_FUZZ=1 mvn -pl hiroi-widget-token test -Dtest=OriginSafelistFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class OriginSafelistFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void check_fastPathAgreesWithTheParser(byte[] input) {
    String value = new String(input, StandardCharsets.UTF_8);
    for (OriginSafelist safelist : OriginSafelistFastPathTest.SAFELISTS) {
      OriginSafelistFastPathTest.assertAgree(safelist, value);
    }
  }
}
