package io.hiroi.widget.internal;

import io.hiroi.widget.OriginCheck.Denial;
import java.net.IDN;

/**
 * A strict parser of the RFC 6454 serialization of an origin ({@code scheme "://" host [ ":" port
 * ]}), as a browser sends it in an {@code Origin} header. It does not use {@link java.net.URI}:
 * anything but the three parts is refused rather than interpreted.
 *
 * <p>Rules, in order: at most {@link #MAX_LENGTH} characters; no whitespace, control, format
 * (zero-width, bidi) or unpaired surrogate characters; a scheme {@code http} or {@code https} (any
 * case); no {@code @} (userinfo), no {@code /}, {@code \}, {@code ?} or {@code #} (path, query,
 * fragment), no {@code %} (percent-encoding); a port of 1 to 5 digits without a leading zero, 1 to
 * 65535, dropped when it is the scheme's default; a host that is a bracketed IPv6 literal
 * (canonicalized), a dotted-decimal IPv4 address, or a DNS name of labels {@code [a-z0-9-]} (1 to
 * 63 characters, no leading or trailing hyphen, 253 in all) after lower-casing and, for
 * non-ASCII names, {@link IDN#toASCII(String, int)} with {@link IDN#USE_STD3_ASCII_RULES}. A host
 * with a trailing dot is refused: {@code https://a.com.} is a different origin from {@code
 * https://a.com} to a browser, and never one a safelist means. A host whose last label is numeric
 * must be a canonical IPv4 address (WHATWG URL "ends in a number"). An {@code xn--} label must be
 * decodable Punycode (RFC 3492), checked without {@link IDN}. Names with the four IDNA 2003/2008 deviation characters (ß, ς, ZWJ, ZWNJ) are
 * refused, because Java's IDNA 2003 maps them differently from browsers.
 */
public final class OriginParser {
  /** The longest value read, in characters. */
  public static final int MAX_LENGTH = 512;

  private static final int MAX_HOST_LENGTH = 253;
  private static final int MAX_LABEL_LENGTH = 63;

  private OriginParser() {}

  /**
   * Parses an origin.
   *
   * @param value the header value, or null when the header is absent
   * @return a {@link ParsedOrigin}, or the {@link Denial} saying why the value is not an origin
   */
  public static Object parse(String value) {
    return parse(value, null);
  }

  /**
   * Parses an origin, remembering conversions of Unicode host names in {@code idn}.
   *
   * @param value the header value, or null when the header is absent
   * @param idn where to look up and keep {@link IDN} conversions, or null for none
   * @return a {@link ParsedOrigin}, or the {@link Denial} saying why the value is not an origin
   */
  public static Object parse(String value, IdnCache idn) {
    if (value == null || value.isEmpty()) {
      return Denial.MISSING;
    }
    int n = value.length();
    if (n > MAX_LENGTH) {
      return Denial.OVERSIZED;
    }
    if (value.equals("null")) {
      return Denial.OPAQUE;
    }
    boolean nonAscii = false;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c > 0x20 && c < 0x7f) {
        continue;
      }
      if (c < 0xa0 || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return Denial.INVALID_CHARACTER;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= n || !Character.isLowSurrogate(value.charAt(i + 1))) {
          return Denial.INVALID_CHARACTER;
        }
        int type = Character.getType(value.codePointAt(i));
        if (type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.PRIVATE_USE) {
          return Denial.INVALID_CHARACTER;
        }
        i++;
        nonAscii = true;
        continue;
      }
      int type = Character.getType(c);
      if (Character.isLowSurrogate(c)
          || type == Character.FORMAT
          || type == Character.CONTROL
          || type == Character.UNASSIGNED
          || type == Character.PRIVATE_USE) {
        return Denial.INVALID_CHARACTER;
      }
      nonAscii = true;
    }
    int sep = value.indexOf("://");
    if (sep <= 0) {
      return Denial.MALFORMED;
    }
    String scheme;
    if (sep == 5 && value.regionMatches(true, 0, "https", 0, 5)) {
      scheme = "https";
    } else if (sep == 4 && value.regionMatches(true, 0, "http", 0, 4)) {
      scheme = "http";
    } else {
      return isScheme(value, sep) ? Denial.SCHEME_NOT_ALLOWED : Denial.MALFORMED;
    }
    int start = sep + 3;
    if (start == n) {
      return Denial.INVALID_HOST;
    }
    boolean userinfo = false;
    boolean path = false;
    boolean percent = false;
    for (int i = start; i < n; i++) {
      char c = value.charAt(i);
      if (c == '@') {
        userinfo = true;
      } else if (c == '/' || c == '\\' || c == '?' || c == '#') {
        path = true;
      } else if (c == '%') {
        percent = true;
      }
    }
    if (userinfo) {
      return Denial.USERINFO;
    }
    if (path) {
      return Denial.PATH_QUERY_OR_FRAGMENT;
    }
    if (percent) {
      return Denial.INVALID_HOST;
    }
    String host;
    int hostEnd;
    boolean ipLiteral = false;
    if (value.charAt(start) == '[') {
      int close = value.indexOf(']', start);
      if (close < 0) {
        return Denial.INVALID_HOST;
      }
      String v6 = nonAscii ? null : Ipv6.canonical(value, start + 1, close);
      if (v6 == null) {
        return Denial.INVALID_HOST;
      }
      host = "[" + v6 + "]";
      hostEnd = close + 1;
      ipLiteral = true;
      if (hostEnd < n && value.charAt(hostEnd) != ':') {
        return Denial.INVALID_HOST;
      }
    } else {
      int colon = value.indexOf(':', start);
      hostEnd = colon < 0 ? n : colon;
      if (colon >= 0 && value.indexOf(':', colon + 1) >= 0) {
        return Denial.INVALID_HOST;
      }
      Object h = host(value, start, hostEnd, nonAscii, idn);
      if (h instanceof Denial) {
        return h;
      }
      host = (String) h;
      ipLiteral = isIpv4(host);
    }
    int port = -1;
    if (hostEnd < n) {
      port = port(value, hostEnd + 1, n);
      if (port < 0) {
        return Denial.INVALID_PORT;
      }
      if (port == defaultPort(scheme)) {
        port = -1;
      }
    }
    String serialized;
    if (port == -1 && hostEnd == n && value.regionMatches(0, scheme, 0, scheme.length())
        && value.regionMatches(start, host, 0, host.length()) && host.length() == n - start) {
      serialized = value; // already in normal form: no copy
    } else {
      serialized = scheme + "://" + host + (port == -1 ? "" : ":" + port);
    }
    return new ParsedOrigin(scheme, host, port, ipLiteral, serialized);
  }

  /** The default port of {@code http} or {@code https}. */
  public static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }

  /** Whether {@code value[0, end)} has the syntax of a URI scheme (RFC 3986 section 3.1). */
  private static boolean isScheme(String value, int end) {
    char first = value.charAt(0);
    if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
      return false;
    }
    for (int i = 1; i < end; i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '+' || c == '-' || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The port in {@code value[from, to)}, or -1 if it is not 1 to 65535 written without a leading zero. */
  private static int port(String value, int from, int to) {
    int digits = to - from;
    if (digits < 1 || digits > 5 || value.charAt(from) == '0') {
      return -1;
    }
    int port = 0;
    for (int i = from; i < to; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      port = port * 10 + (c - '0');
    }
    return port <= 65535 ? port : -1;
  }

  /** The normalized DNS name or IPv4 address in {@code value[from, to)}, or a {@link Denial}. */
  private static Object host(String value, int from, int to, boolean nonAscii, IdnCache idn) {
    if (from == to) {
      return Denial.INVALID_HOST;
    }
    String host = value.substring(from, to);
    if (nonAscii) {
      for (int i = 0; i < host.length(); i++) {
        char c = host.charAt(i);
        if (c == '\u00df' || c == '\u03c2' || c == '\u200c' || c == '\u200d') {
          return Denial.INVALID_HOST;
        }
      }
      String cached = idn == null ? null : idn.get(host);
      if (cached != null) {
        host = cached;
      } else {
        String unicode = host;
        try {
          host = IDN.toASCII(unicode, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
          return Denial.INVALID_HOST;
        }
        if (idn != null) {
          idn.put(unicode, host);
        }
      }
    }
    if (!isLowerAscii(host)) {
      host = toLowerAscii(host);
    }
    return checkName(host) ? host : Denial.INVALID_HOST;
  }

  /** Whether a lower-case ASCII host is a valid DNS name or a canonical IPv4 address. */
  private static boolean checkName(String host) {
    int n = host.length();
    if (n == 0 || n > MAX_HOST_LENGTH || host.charAt(n - 1) == '.') {
      return false;
    }
    int labelStart = 0;
    boolean lastAllDigits = true;
    for (int i = 0; i <= n; i++) {
      if (i < n && host.charAt(i) != '.') {
        char c = host.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
          return false;
        }
        continue;
      }
      int length = i - labelStart;
      if (length == 0 || length > MAX_LABEL_LENGTH
          || host.charAt(labelStart) == '-' || host.charAt(i - 1) == '-') {
        return false;
      }
      if (host.startsWith("xn--", labelStart) && !Punycode.isValid(host, labelStart + 4, i)) {
        return false;
      }
      lastAllDigits = true;
      for (int j = labelStart; j < i; j++) {
        char c = host.charAt(j);
        if (c < '0' || c > '9') {
          lastAllDigits = false;
          break;
        }
      }
      labelStart = i + 1;
    }
    boolean hexNumber = host.startsWith("0x", host.lastIndexOf('.') + 1);
    if (lastAllDigits || hexNumber) {
      return isIpv4(host);
    }
    return true;
  }

  /** Whether {@code host} is exactly four decimal numbers 0 to 255 without leading zeros. */
  static boolean isIpv4(String host) {
    return isIpv4(host, 0, host.length());
  }

  /** Whether {@code s[from, n)} is exactly four decimal numbers 0 to 255 without leading zeros. */
  static boolean isIpv4(String host, int from, int n) {
    int parts = 0;
    int i = from;
    while (i < n) {
      int start = i;
      int value = 0;
      while (i < n && host.charAt(i) >= '0' && host.charAt(i) <= '9' && i - start < 4) {
        value = value * 10 + (host.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && host.charAt(start) == '0')) {
        return false;
      }
      parts++;
      if (i == n) {
        break;
      }
      if (host.charAt(i) != '.' || parts == 4) {
        return false;
      }
      i++;
      if (i == n) {
        return false;
      }
    }
    return parts == 4;
  }

  private static boolean isLowerAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return false;
      }
    }
    return true;
  }

  private static String toLowerAscii(String s) {
    char[] out = s.toCharArray();
    for (int i = 0; i < out.length; i++) {
      if (out[i] >= 'A' && out[i] <= 'Z') {
        out[i] = (char) (out[i] + ('a' - 'A'));
      }
    }
    return new String(out);
  }
}
