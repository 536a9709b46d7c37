package io.hiroi.widget.internal;

import java.util.Arrays;

/**
 * The allocation-free fast path of {@link OriginParser}: one pass over a value of the plain ASCII
 * form {@code (?i:https?)://[A-Za-z0-9.-]+(:[0-9]+)?}, which is what browsers send (and its
 * upper-case or default-port variants). For such a value that is a valid origin it answers what
 * {@link OriginParser#parse(String)} would, without building the host or the serialization: the
 * normal form is the value's first {@link #canonicalEnd(String, long)} characters, lower-cased, and
 * the same pass computes the {@link String#hashCode()} of that normal form ({@link #hash(long)}),
 * so a safelist finds an entry without a second pass.
 *
 * <p>Any other value, and any value of that form that the parser would deny (a bad label, a
 * trailing dot, a numeric name that is not an IPv4 address, a bad port), gives {@link #SLOW}: the
 * caller then runs the parser, so every denial keeps the parser's exact reason. One check is left
 * to the caller, because it only changes the answer for a value that is not on the list: whether
 * each {@code xn--} label is valid Punycode ({@link #hasALabel(long)}, {@link
 * #aLabelsValid(String, long)}); a value with a bad one is, to the parser, {@code INVALID_HOST}.
 * Tests check that the two agree on every input they generate.
 */
public final class OriginScan {
  /** The answer for a value the fast path does not decide: run {@link OriginParser#parse(String)}. */
  public static final long SLOW = -1;

  private static final int MAX_HOST_LENGTH = 253;
  private static final int MAX_LABEL_LENGTH = 63;

  // The packed answer: four flags, the host's end (10 bits: values are at most 512 characters, so
  // a valid answer never has all of them set and is never SLOW), where the first xn-- label starts
  // (10 bits, 0 for none: the host starts at 7 or 8) and its length (6 bits), a flag for more
  // xn-- labels and, in the upper 32 bits, the hash of the normal form. The port is read again
  // from the text when a wildcard needs it.
  private static final long HTTPS = 1L;
  private static final long LOWER_CASE_NEEDED = 1L << 1;
  private static final long IPV4 = 1L << 2;
  private static final long DEFAULT_PORT_WRITTEN = 1L << 3;
  private static final int HOST_END_SHIFT = 4;
  private static final int A_LABEL_SHIFT = 14;
  private static final int A_LABEL_LENGTH_SHIFT = 24;
  private static final long MORE_A_LABELS = 1L << 30;
  private static final long SIX_BITS = 0x3f;
  private static final int HASH_SHIFT = 32;
  private static final long TEN_BITS = 0x3ff;

  /** {@code "https://".hashCode()} and {@code "http://".hashCode()}: where the hash of a normal form starts. */
  private static final int HTTPS_PREFIX_HASH = "https://".hashCode();
  private static final int HTTP_PREFIX_HASH = "http://".hashCode();

  // Character classes of a host: label characters below DOT, so that the loop tests each
  // character once (kind >= DOT) and only a dot, the port's colon or a bad character leaves it.
  private static final int LOWER = 1;
  private static final int UPPER = 2;
  private static final int DIGIT = 4;
  private static final int HYPHEN = 8;
  private static final int DOT = 16;
  private static final int COLON = 32;
  private static final int OTHER = 64;
  private static final byte[] HOST_CHARS = new byte[128];

  static {
    Arrays.fill(HOST_CHARS, (byte) OTHER);
    for (char c = 'a'; c <= 'z'; c++) {
      HOST_CHARS[c] = LOWER;
      HOST_CHARS[c - 'a' + 'A'] = UPPER;
    }
    for (char c = '0'; c <= '9'; c++) {
      HOST_CHARS[c] = DIGIT;
    }
    HOST_CHARS['-'] = HYPHEN;
    HOST_CHARS['.'] = DOT;
    HOST_CHARS[':'] = COLON;
  }

  private OriginScan() {}

  /**
   * Lower-cases one character of a scanned value. Every character the scan accepts is a letter, a
   * digit, {@code . - : /}; setting bit 0x20 maps {@code A-Z} to {@code a-z} and leaves the others
   * as they are (they already have it set), so this is exact on them, and only on them.
   */
  private static int lower(char c) {
    return c | 0x20;
  }

  /**
   * Scans a value; see the class comment.
   *
   * @param v the header value, at most {@link OriginParser#MAX_LENGTH} characters
   * @return {@link #SLOW}, or the origin packed for the accessors of this class
   */
  public static long scan(String v) {
    int n = v.length();
    if (n < 8 || lower(v.charAt(0)) != 'h' || lower(v.charAt(1)) != 't' || lower(v.charAt(2)) != 't'
        || lower(v.charAt(3)) != 'p') {
      return SLOW;
    }
    int sep;
    long flags;
    int h;
    if (lower(v.charAt(4)) == 's') {
      sep = 5;
      flags = HTTPS;
      h = HTTPS_PREFIX_HASH;
    } else {
      sep = 4;
      flags = 0;
      h = HTTP_PREFIX_HASH;
    }
    if (sep + 3 >= n || v.charAt(sep) != ':' || v.charAt(sep + 1) != '/' || v.charAt(sep + 2) != '/') {
      return SLOW;
    }
    for (int i = 0; i < sep; i++) {
      if (v.charAt(i) < 'a') { // a letter (checked above) below 'a' is upper-case
        flags |= LOWER_CASE_NEEDED;
      }
    }
    int start = sep + 3;
    int seen = 0; // the classes of all labels before the current one
    int label = 0; // the classes of the current label
    int labelStart = start;
    int aLabel = 0; // where the first xn-- label starts
    int aLabelLength = 0;
    int i = start;
    for (; i < n; i++) {
      char c = v.charAt(i);
      int kind = c < HOST_CHARS.length ? HOST_CHARS[c] : OTHER;
      if (kind >= DOT) {
        if (kind != DOT) {
          break; // the port's colon, or a character that is in no host (checked below)
        }
        if (!isLabel(v, labelStart, i)) {
          return SLOW;
        }
        if (isALabel(v, labelStart, i)) {
          if (aLabel == 0) {
            aLabel = labelStart;
            aLabelLength = i - labelStart;
          } else {
            flags |= MORE_A_LABELS;
          }
        }
        seen |= label;
        label = 0;
        labelStart = i + 1;
      } else {
        label |= kind;
      }
      h = 31 * h + lower(c);
    }
    int hostEnd = i;
    if (hostEnd < n && v.charAt(hostEnd) != ':') {
      return SLOW;
    }
    if (!isLabel(v, labelStart, hostEnd) || hostEnd - start > MAX_HOST_LENGTH) {
      return SLOW; // also an empty last label: a trailing dot
    }
    if (isALabel(v, labelStart, hostEnd)) {
      if (aLabel == 0) {
        aLabel = labelStart;
        aLabelLength = hostEnd - labelStart;
      } else {
        flags |= MORE_A_LABELS;
      }
    }
    seen |= label;
    if ((seen & UPPER) != 0) {
      if (aLabel != 0) {
        return SLOW; // an upper-case A-label, rare, that the parser lower-cases before decoding
      }
      flags |= LOWER_CASE_NEEDED;
    }
    if (label == DIGIT) {
      if (!OriginParser.isIpv4(v, start, hostEnd)) {
        return SLOW;
      }
      flags |= IPV4;
    } else if (v.charAt(labelStart) == '0' && lower(v.charAt(labelStart + 1)) == 'x') {
      return SLOW; // a hexadecimal last label: the parser wants an IPv4 address
    }
    if (hostEnd < n) {
      int port = port(v, hostEnd + 1, n);
      if (port < 0) {
        return SLOW;
      }
      if (port == (sep == 5 ? 443 : 80)) {
        flags |= DEFAULT_PORT_WRITTEN;
      } else {
        for (int j = hostEnd; j < n; j++) {
          h = 31 * h + v.charAt(j); // ':' and digits, already lower-case
        }
      }
    }
    return flags
        | ((long) hostEnd << HOST_END_SHIFT)
        | ((long) aLabel << A_LABEL_SHIFT)
        | ((long) aLabelLength << A_LABEL_LENGTH_SHIFT)
        | ((long) h << HASH_SHIFT);
  }

  /** Whether {@code v[from, to)} is 1 to 63 characters with no hyphen at either end. */
  private static boolean isLabel(String v, int from, int to) {
    int length = to - from;
    return length > 0 && length <= MAX_LABEL_LENGTH && v.charAt(from) != '-' && v.charAt(to - 1) != '-';
  }

  /** Whether the label {@code v[from, to)} begins with {@code xn--} in any case. */
  private static boolean isALabel(String v, int from, int to) {
    return to - from >= 4 && lower(v.charAt(from)) == 'x' && lower(v.charAt(from + 1)) == 'n'
        && v.charAt(from + 2) == '-' && v.charAt(from + 3) == '-';
  }

  /** Whether the scheme is {@code https} (else {@code http}). */
  public static boolean isHttps(long scan) {
    return (scan & HTTPS) != 0;
  }

  /** Whether the value has upper-case letters, so that its normal form is not its own text. */
  public static boolean needsLowerCase(long scan) {
    return (scan & LOWER_CASE_NEEDED) != 0;
  }

  /** Whether the host is an IPv4 address (which no wildcard matches). */
  public static boolean isIpv4(long scan) {
    return (scan & IPV4) != 0;
  }

  /**
   * Whether the host has an {@code xn--} label (then all in lower case), whose Punycode the scan
   * did not check: see {@link #aLabelsValid(String, long)}.
   */
  public static boolean hasALabel(long scan) {
    return aLabelStart(scan) != 0;
  }

  private static int aLabelStart(long scan) {
    return (int) ((scan >>> A_LABEL_SHIFT) & TEN_BITS);
  }

  /** Where the host ends (it starts at {@link #hostStart(long)}). */
  public static int hostEnd(long scan) {
    return (int) ((scan >>> HOST_END_SHIFT) & TEN_BITS);
  }

  /**
   * How many of the value's characters, lower-cased, are the normal form (a written default port is
   * left out).
   *
   * @param v the scanned value
   * @param scan its scan
   * @return the length of the normal form
   */
  public static int canonicalEnd(String v, long scan) {
    return (scan & DEFAULT_PORT_WRITTEN) != 0 ? hostEnd(scan) : v.length();
  }

  /**
   * The port.
   *
   * @param v the scanned value
   * @param scan its scan
   * @return the port, or -1 for the scheme's default
   */
  public static int port(String v, long scan) {
    int end = canonicalEnd(v, scan);
    int hostEnd = hostEnd(scan);
    return end == hostEnd ? -1 : port(v, hostEnd + 1, end);
  }

  /** Where the host starts. */
  public static int hostStart(long scan) {
    return isHttps(scan) ? 8 : 7;
  }

  /** The {@link String#hashCode()} of the normal form. */
  public static int hash(long scan) {
    return (int) (scan >>> HASH_SHIFT);
  }

  /**
   * Whether the value is its own normal form (no upper case, no written default port).
   *
   * @param scan the value's scan
   * @return true if {@link #serialized(String, long)} is the value itself
   */
  public static boolean isNormal(long scan) {
    return (scan & (LOWER_CASE_NEEDED | DEFAULT_PORT_WRITTEN)) == 0;
  }

  /**
   * Whether {@code normal}, a lower-case ASCII string, is the normal form of the scanned value,
   * compared without building that form.
   *
   * @param normal the candidate, for example a safelist entry
   * @param v the scanned value
   * @param scan its scan
   * @return true if equal
   */
  public static boolean normalFormEquals(String normal, String v, long scan) {
    if (isNormal(scan)) {
      return normal.equals(v);
    }
    int end = canonicalEnd(v, scan);
    if (normal.length() != end) {
      return false;
    }
    for (int i = 0; i < end; i++) {
      if (normal.charAt(i) != lower(v.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code suffix}, a lower-case ASCII string, ends the host of the scanned value (or of a
   * lower-case host the parser built: the same comparison holds for it), compared ignoring ASCII
   * case.
   *
   * @param text the value or host
   * @param to where its host ends
   * @param suffix the suffix
   * @param lowerCase whether {@code text} is known to have no upper case (then compared as is)
   * @return true if {@code text[to - suffix.length(), to)} lower-cased equals {@code suffix}
   */
  public static boolean hostEndsWith(String text, int to, String suffix, boolean lowerCase) {
    int from = to - suffix.length();
    if (from < 0) {
      return false;
    }
    if (lowerCase) {
      return text.startsWith(suffix, from);
    }
    for (int i = 0; i < suffix.length(); i++) {
      if (suffix.charAt(i) != lower(text.charAt(from + i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether every {@code xn--} label of the scanned value's host is valid Punycode, as the parser
   * requires. Only meaningful when {@link #hasALabel(long)}: such a host has no upper case.
   *
   * @param v the scanned value
   * @param scan its scan
   * @return true if all decode
   */
  public static boolean aLabelsValid(String v, long scan) {
    int first = aLabelStart(scan);
    if (first == 0) {
      return true;
    }
    int firstEnd = first + (int) ((scan >>> A_LABEL_LENGTH_SHIFT) & SIX_BITS);
    if (!Punycode.isValid(v, first + 4, firstEnd)) {
      return false;
    }
    if ((scan & MORE_A_LABELS) == 0) {
      return true;
    }
    int end = hostEnd(scan);
    int labelStart = firstEnd + 1;
    for (int i = labelStart; i <= end; i++) {
      if (i == end || v.charAt(i) == '.') {
        if (isALabel(v, labelStart, i) && !Punycode.isValid(v, labelStart + 4, i)) {
          return false;
        }
        labelStart = i + 1;
      }
    }
    return true;
  }

  /**
   * The normal form as a string: the value itself when it is already normal, else its
   * lower-cased first {@link #canonicalEnd(String, long)} characters.
   *
   * @param v the scanned value
   * @param scan its scan
   * @return the serialization
   */
  public static String serialized(String v, long scan) {
    if (isNormal(scan)) {
      return v;
    }
    int end = canonicalEnd(v, scan);
    char[] out = new char[end];
    for (int i = 0; i < end; i++) {
      out[i] = (char) lower(v.charAt(i));
    }
    return new String(out);
  }

  /** The port in {@code v[from, to)}, or -1 if it is not 1 to 65535 written without a leading zero. */
  private static int port(String v, int from, int to) {
    int digits = to - from;
    if (digits < 1 || digits > 5 || v.charAt(from) == '0') {
      return -1;
    }
    int port = 0;
    for (int i = from; i < to; i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      port = port * 10 + (c - '0');
    }
    return port <= 65535 ? port : -1;
  }
}
