package io.hiroi.widget.internal;

/**
 * The allocation-free fast path of {@link OriginParser}: one pass over a value of the plain ASCII
 * form {@code (?i:https?)://[A-Za-z0-9.-]+(:[0-9]+)?}, which is what browsers send (and its
 * upper-case or default-port variants). For such a value that is a valid origin it answers what
 * {@link OriginParser#parse(String)} would, without building the host or the serialization: the
 * normal form is the value's first {@link #canonicalEnd(long)} characters, lower-cased.
 *
 * <p>Any other value, and any value of that form that the parser would deny (a bad label, a
 * trailing dot, a numeric name that is not an IPv4 address, a bad port), gives {@link #SLOW}: the
 * caller then runs the parser, so every denial keeps the parser's exact reason. Tests check that
 * the two agree on every input they generate.
 */
public final class OriginScan {
  /** The answer for a value the fast path does not decide: run {@link OriginParser#parse(String)}. */
  public static final long SLOW = -1;

  private static final int MAX_HOST_LENGTH = 253;
  private static final int MAX_LABEL_LENGTH = 63;

  private static final long HTTPS = 1L;
  private static final long LOWER_CASE_NEEDED = 1L << 1;
  private static final long IPV4 = 1L << 2;
  private static final int HOST_END_SHIFT = 3;
  private static final int CANONICAL_END_SHIFT = 13;
  private static final int PORT_SHIFT = 23;
  private static final long TEN_BITS = 0x3ff;
  private static final int HOST_FLAG_UPPER = 1;
  private static final int HOST_FLAG_IPV4 = 2;
  private static final int HOST_END_BITS_OFFSET = 16;

  // Character classes of a host: label characters below DOT, 0 for any other character.
  private static final int LOWER = 1;
  private static final int UPPER = 2;
  private static final int DIGIT = 4;
  private static final int HYPHEN = 8;
  private static final int DOT = 16;
  private static final int COLON = 32;
  private static final byte[] HOST_CHARS = new byte[128];

  static {
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
   * Scans a value; see the class comment.
   *
   * @param v the header value, at most {@link OriginParser#MAX_LENGTH} characters
   * @return {@link #SLOW}, or the origin packed for the accessors of this class
   */
  public static long scan(String v) {
    int n = v.length();
    int sep;
    long flags;
    if (n > 7 && (v.charAt(0) | 0x20) == 'h' && (v.charAt(1) | 0x20) == 't' && (v.charAt(2) | 0x20) == 't'
        && (v.charAt(3) | 0x20) == 'p') {
      char c = v.charAt(4);
      if ((c | 0x20) == 's') {
        sep = 5;
        flags = HTTPS;
      } else {
        sep = 4;
        flags = 0;
      }
    } else {
      return SLOW;
    }
    if (sep + 3 >= n || v.charAt(sep) != ':' || v.charAt(sep + 1) != '/' || v.charAt(sep + 2) != '/') {
      return SLOW;
    }
    for (int i = 0; i < sep; i++) {
      char c = v.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        flags |= LOWER_CASE_NEEDED;
      }
    }
    int host = scanHost(v, sep + 3, n);
    if (host < 0) {
      return SLOW;
    }
    if ((host & HOST_FLAG_UPPER) != 0) {
      flags |= LOWER_CASE_NEEDED;
    }
    if ((host & HOST_FLAG_IPV4) != 0) {
      flags |= IPV4;
    }
    int end = host >>> HOST_END_BITS_OFFSET;
    int port = -1;
    int canonicalEnd = n;
    if (end < n) {
      port = port(v, end + 1, n);
      if (port < 0) {
        return SLOW;
      }
      if (port == (sep == 5 ? 443 : 80)) {
        port = -1;
        canonicalEnd = end;
      }
    }
    return flags
        | ((long) end << HOST_END_SHIFT)
        | ((long) canonicalEnd << CANONICAL_END_SHIFT)
        | ((long) (port + 1) << PORT_SHIFT);
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

  /** Where the host ends (it starts after the scheme's {@code ://}). */
  public static int hostEnd(long scan) {
    return (int) ((scan >>> HOST_END_SHIFT) & TEN_BITS);
  }

  /** How many of the value's characters, lower-cased, are the normal form (the default port is left out). */
  public static int canonicalEnd(long scan) {
    return (int) ((scan >>> CANONICAL_END_SHIFT) & TEN_BITS);
  }

  /** The port, or -1 for the scheme's default. */
  public static int port(long scan) {
    return (int) ((scan >>> PORT_SHIFT) & 0x1ffff) - 1;
  }

  /** Where the host starts. */
  public static int hostStart(long scan) {
    return isHttps(scan) ? 8 : 7;
  }

  /**
   * The normal form as a string: the value itself when it is already normal, else its
   * lower-cased first {@link #canonicalEnd(long)} characters.
   *
   * @param v the scanned value
   * @param scan its scan
   * @return the serialization
   */
  public static String serialized(String v, long scan) {
    int end = canonicalEnd(scan);
    if (end == v.length() && !needsLowerCase(scan)) {
      return v;
    }
    char[] out = new char[end];
    for (int i = 0; i < end; i++) {
      char c = v.charAt(i);
      out[i] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    return new String(out);
  }

  /**
   * The hash {@link String#hashCode()} gives the normal form, computed on the value.
   *
   * @param v the scanned value
   * @param scan its scan
   * @return the hash
   */
  public static int canonicalHash(String v, long scan) {
    int end = canonicalEnd(scan);
    if (end == v.length() && !needsLowerCase(scan)) {
      return v.hashCode();
    }
    int h = 0;
    for (int i = 0; i < end; i++) {
      char c = v.charAt(i);
      h = 31 * h + (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    return h;
  }

  /**
   * Checks the host in {@code v[start, ...)} as {@code OriginParser.checkName} would check its
   * lower-cased copy, up to the end or a {@code ':'}. One table load classifies each character.
   *
   * @return {@code -1} (leave it to the parser), or {@code hostEnd << 16 | flags}
   */
  private static int scanHost(String v, int start, int n) {
    int seen = 0;
    int label = 0;
    int labelStart = start;
    int i = start;
    for (; ; i++) {
      int kind;
      if (i < n) {
        char c = v.charAt(i);
        kind = c < HOST_CHARS.length ? HOST_CHARS[c] : 0;
        if (kind == 0) {
          return -1;
        }
        if (kind < DOT) {
          label |= kind;
          continue;
        }
      } else {
        kind = COLON;
      }
      int length = i - labelStart;
      if (length == 0 || length > MAX_LABEL_LENGTH || v.charAt(labelStart) == '-' || v.charAt(i - 1) == '-') {
        return -1;
      }
      seen |= label;
      if (length >= 4 && (v.charAt(labelStart) | 0x20) == 'x' && (v.charAt(labelStart + 1) | 0x20) == 'n'
          && v.charAt(labelStart + 2) == '-' && v.charAt(labelStart + 3) == '-'
          && ((seen & UPPER) != 0 || !Punycode.isValid(v, labelStart + 4, i))) {
        return -1; // bad Punycode; or an upper-case A-label, rare, that the parser lower-cases first
      }
      if (kind == COLON) {
        break;
      }
      labelStart = i + 1;
      label = 0;
    }
    int length = i - start;
    if (length > MAX_HOST_LENGTH) {
      return -1;
    }
    int flags = (seen & UPPER) != 0 ? HOST_FLAG_UPPER : 0;
    if (label == DIGIT) {
      if (!OriginParser.isIpv4(v, start, i)) {
        return -1;
      }
      flags |= HOST_FLAG_IPV4;
    } else if (v.charAt(labelStart) == '0' && (v.charAt(labelStart + 1) | 0x20) == 'x') {
      return -1; // a hexadecimal last label: the parser wants an IPv4 address
    }
    return i << HOST_END_BITS_OFFSET | flags;
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
