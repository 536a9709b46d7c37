package io.hiroi.widget.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.IDN;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PunycodeTest {
  private static boolean valid(String afterPrefix) {
    return Punycode.isValid(afterPrefix, 0, afterPrefix.length());
  }

  @Test
  void rfc3492SampleStrings_decode() {
    // RFC 3492 section 7.1, samples (A), (B), (C), (L) and (S), lower-cased as a host is.
    assertThat(valid("egbpdaj6bu4bxfgehfvwxn")).isTrue();
    assertThat(valid("ihqwcrb4cv8a8dqg056pqjye")).isTrue();
    assertThat(valid("ihqwctvzc91f659drss3x8bo0yb")).isTrue();
    assertThat(valid("3b-ww4c5e180e575a65lsy2b")).isTrue();
    assertThat(valid("-> $1.00 <--")).isFalse(); // (S) is all basic: not an A-label here, and not base-36
    assertThat(valid("bcher-kva")).isTrue();
    assertThat(valid("mnchen-3ya")).isTrue();
  }

  @Test
  void garbage_doesNotDecode() {
    assertThat(valid("")).isFalse();
    assertThat(valid("zz")).isFalse();
    assertThat(valid("abc-")).isFalse();
    assertThat(valid("99999999999999")).isFalse();
    assertThat(valid("a_b")).isFalse();
    assertThat(valid("a")).isFalse(); // decodes to U+0080, a C1 control
  }

  @Test
  void everyLabelIdnEncodes_decodes() {
    Random random = new Random(42);
    int checked = 0;
    for (int i = 0; i < 2000; i++) {
      StringBuilder label = new StringBuilder();
      int length = 1 + random.nextInt(8);
      for (int j = 0; j < length; j++) {
        label.append(random.nextBoolean() ? (char) ('a' + random.nextInt(26)) : (char) (0xc0 + random.nextInt(0x2000)));
      }
      String ascii;
      try {
        ascii = IDN.toASCII(label.toString(), IDN.USE_STD3_ASCII_RULES);
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (ascii.startsWith("xn--")) {
        checked++;
        assertThat(valid(ascii.substring(4))).as(ascii).isTrue();
      }
    }
    assertThat(checked).isGreaterThan(400); // the rest had unassigned or prohibited code points
  }
}
