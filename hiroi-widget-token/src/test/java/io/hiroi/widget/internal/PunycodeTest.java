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

  @Test
  void isValid_agreesWithTheRfcDecoder_onRandomAndOverflowingLabels() {
    // The decoder checks overflow in long arithmetic; the reference below is RFC 3492 section 6.2
    // as written (overflow tests by division, the bias adapted after every code point).
    Random random = new Random(20261201);
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
    String heavy = "9999zzzz8a-"; // large digits: reach the overflow checks
    int valid = 0;
    int invalid = 0;
    for (int i = 0; i < 200_000; i++) {
      String from = random.nextInt(3) == 0 ? heavy : alphabet;
      int length = 1 + random.nextInt(random.nextBoolean() ? 6 : 40);
      StringBuilder b = new StringBuilder();
      for (int j = 0; j < length; j++) {
        b.append(from.charAt(random.nextInt(from.length())));
      }
      String label = b.toString();
      // Also as a part of a longer string, as the scan passes it.
      String within = "xn--" + label + ".example";
      boolean expected = referenceIsValid(label);
      assertThat(valid(label)).as(label).isEqualTo(expected);
      assertThat(Punycode.isValid(within, 4, 4 + label.length())).as(within).isEqualTo(expected);
      if (expected) {
        valid++;
      } else {
        invalid++;
      }
    }
    assertThat(valid).isGreaterThan(10_000);
    assertThat(invalid).isGreaterThan(10_000);
  }

  /** RFC 3492 section 6.2 decoding, answering only whether it succeeds under Punycode's rules. */
  private static boolean referenceIsValid(String s) {
    int delimiter = s.lastIndexOf('-');
    int pos = delimiter >= 0 ? delimiter + 1 : 0;
    if (pos >= s.length()) {
      return false;
    }
    int n = 128;
    int i = 0;
    int bias = 72;
    int out = Math.max(delimiter, 0);
    while (pos < s.length()) {
      int oldi = i;
      int w = 1;
      for (int k = 36; ; k += 36) {
        if (pos >= s.length()) {
          return false;
        }
        char c = s.charAt(pos++);
        int digit = c >= 'a' && c <= 'z' ? c - 'a' : c >= '0' && c <= '9' ? c - '0' + 26 : -1;
        if (digit < 0 || digit > (Integer.MAX_VALUE - i) / w) {
          return false;
        }
        i += digit * w;
        int t = k <= bias ? 1 : (k >= bias + 26 ? 26 : k - bias);
        if (digit < t) {
          break;
        }
        if (w > Integer.MAX_VALUE / (36 - t)) {
          return false;
        }
        w *= 36 - t;
      }
      out++;
      int delta = oldi == 0 ? (i - oldi) / 700 : (i - oldi) / 2;
      delta += delta / out;
      int k = 0;
      while (delta > 455) {
        delta /= 35;
        k += 36;
      }
      bias = k + 36 * delta / (delta + 38);
      if (i / out > Integer.MAX_VALUE - n) {
        return false;
      }
      n += i / out;
      i %= out;
      if (n < 0xa0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) {
        return false;
      }
      i++;
    }
    return true;
  }
}
