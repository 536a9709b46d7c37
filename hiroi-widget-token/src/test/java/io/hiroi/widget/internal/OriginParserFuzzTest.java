package io.hiroi.widget.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hiroi.widget.OriginCheck.Denial;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the Origin parser. For any input it returns a {@link Denial} or a {@link ParsedOrigin},
 * never throws; an accepted origin's serialization is a fixed point (parsing it gives itself), is
 * printable ASCII, has no userinfo, path, query, fragment or whitespace, a lower-case http(s)
 * scheme, no default port and at most 512 characters plus the IDN expansion.
 *
 * <p>Runs in regression mode in the build (seeds under {@code
 * src/test/resources/io/hiroi/widget/internal/OriginParserFuzzTestInputs/parse_neverThrows_andNormalFormIsAFixedPoint/});
 * fuzz with {@code JAZZER_FUZZ=1 mvn -pl hiroi-widget-token test -Dtest=OriginParserFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class OriginParserFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void parse_neverThrows_andNormalFormIsAFixedPoint(byte[] input) {
    String value = new String(input, StandardCharsets.UTF_8);
    Object parsed = OriginParser.parse(value);
    if (parsed instanceof Denial) {
      return;
    }
    ParsedOrigin o = (ParsedOrigin) parsed;
    String s = o.serialized;
    assertThat(o.scheme).isIn("http", "https");
    assertThat(s).startsWith(o.scheme + "://" + o.host);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      assertThat(c > 0x20 && c < 0x7f).as("printable ASCII").isTrue();
      if (i >= o.scheme.length() + 3) {
        assertThat("@/\\?#% ".indexOf(c)).as("after the scheme").isEqualTo(-1);
      }
    }
    assertThat(o.host).isEqualTo(o.host.toLowerCase(java.util.Locale.ROOT)).doesNotEndWith(".");
    assertThat(o.port).isNotEqualTo(OriginParser.defaultPort(o.scheme)).isBetween(-1, 65535).isNotZero();
    Object again = OriginParser.parse(s);
    assertThat(again).isInstanceOf(ParsedOrigin.class);
    assertThat(((ParsedOrigin) again).serialized).isEqualTo(s);
  }
}
