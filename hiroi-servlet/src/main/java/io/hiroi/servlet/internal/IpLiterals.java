package io.hiroi.servlet.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Strict IP literal parsing that never resolves a name: {@code InetAddress.getByName} is only
 * called on a string already known to be an IPv4 dotted quad or an IPv6 literal, for which it
 * does no lookup. IPv4-mapped IPv6 literals come back as IPv4 addresses (the JDK's behaviour).
 */
public final class IpLiterals {
  /** The longest IP literal: a full IPv6 address with an embedded IPv4 part, plus a zone-free margin. */
  private static final int MAX_LENGTH = 45;

  private IpLiterals() {}

  /**
   * Parses an IPv4 dotted quad (no leading zeros, each part 0-255) or an IPv6 literal without a
   * zone id or brackets.
   *
   * @param s the text
   * @return the address, or {@code null} when {@code s} is not such a literal
   */
  public static InetAddress parse(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
      return null;
    }
    boolean ok = s.indexOf(':') >= 0 ? isIpv6Shape(s) : isIpv4(s);
    if (!ok) {
      return null;
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static boolean isIpv4(String s) {
    int parts = 0;
    int i = 0;
    while (i <= s.length()) {
      int start = i;
      int value = 0;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
        if (i - start > 3) {
          return false;
        }
      }
      int digits = i - start;
      if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return false;
      }
      parts++;
      if (i == s.length()) {
        break;
      }
      if (s.charAt(i) != '.') {
        return false;
      }
      i++;
    }
    return parts == 4;
  }

  private static boolean isIpv6Shape(String s) {
    if (s.charAt(0) == '.' || s.charAt(s.length() - 1) == '.') {
      return false; // and so the JDK sees a literal, never a host name to look up
    }
    int colons = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ':') {
        colons++;
      } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.')) {
        return false;
      }
    }
    return colons >= 2 && colons <= 7;
  }
}
