package io.hiroi.widget.internal;

/**
 * Checks that an {@code xn--} label is decodable Punycode (RFC 3492 section 6.2): digits of the
 * base-36 alphabet, no overflow, every decoded code point a non-ASCII scalar value (not a
 * surrogate, not a C1 control, at most U+10FFFF) and at least one of them. A pure-Java decoder that allocates
 * nothing: {@link java.net.IDN} takes microseconds per call, which an attacker could spend at will
 * by sending {@code xn--} origins.
 */
final class Punycode {
  private static final int BASE = 36;
  private static final int TMIN = 1;
  private static final int TMAX = 26;
  private static final int SKEW = 38;
  private static final int DAMP = 700;
  private static final int INITIAL_BIAS = 72;
  private static final int INITIAL_N = 128;

  private Punycode() {}

  /** Whether {@code s[from, to)} (the part after {@code xn--}, lower-case) decodes. */
  static boolean isValid(String s, int from, int to) {
    int delimiter = to - 1;
    while (delimiter >= from && s.charAt(delimiter) != '-') {
      delimiter--; // the last '-' of the label, if any: the basic code points end there
    }
    int basic = delimiter >= from ? delimiter - from : 0;
    int pos = delimiter >= from ? delimiter + 1 : from;
    if (pos >= to) {
      return false; // nothing encoded: not an A-label
    }
    int n = INITIAL_N;
    int i = 0;
    int bias = INITIAL_BIAS;
    int out = basic;
    while (pos < to) {
      int oldi = i;
      int w = 1;
      for (int k = BASE; ; k += BASE) {
        if (pos >= to) {
          return false;
        }
        // Overflow is checked in long arithmetic (RFC 3492 checks it with divisions: the same
        // test, as digit, w and i are not negative, without a division per digit).
        int digit = digit(s.charAt(pos++));
        long next = i + (long) digit * w;
        if (digit < 0 || next > Integer.MAX_VALUE) {
          return false;
        }
        i = (int) next;
        int t = k <= bias ? TMIN : (k >= bias + TMAX ? TMAX : k - bias);
        if (digit < t) {
          break;
        }
        long nextW = (long) w * (BASE - t);
        if (nextW > Integer.MAX_VALUE) {
          return false;
        }
        w = (int) nextW;
      }
      out++;
      if (pos < to) {
        bias = adapt(i - oldi, out, oldi == 0); // the bias only steers the next code point's digits
      }
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

  private static int adapt(int delta, int points, boolean first) {
    delta = first ? delta / DAMP : delta / 2;
    delta += delta / points;
    int k = 0;
    while (delta > ((BASE - TMIN) * TMAX) / 2) {
      delta /= BASE - TMIN;
      k += BASE;
    }
    return k + (BASE - TMIN + 1) * delta / (delta + SKEW);
  }

  private static int digit(char c) {
    if (c >= 'a' && c <= 'z') {
      return c - 'a';
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 26;
    }
    return -1;
  }
}
