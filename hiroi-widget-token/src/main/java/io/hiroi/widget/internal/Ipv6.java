package io.hiroi.widget.internal;

/**
 * Parses an IPv6 address literal (RFC 4291 section 2.2: eight groups of one to four hex digits,
 * one {@code ::} standing for one or more zero groups, an optional dotted IPv4 tail) and writes it
 * in the RFC 5952 canonical form that browsers put in an {@code Origin} header: lower-case hex
 * without leading zeros, the first longest run of two or more zero groups as {@code ::}, the IPv4
 * tail written as hex groups. Zone ids are not accepted.
 */
final class Ipv6 {
  private Ipv6() {}

  /**
   * Returns the canonical form of {@code s[from, to)}, or {@code null} if it is not an IPv6
   * literal.
   */
  static String canonical(String s, int from, int to) {
    int[] groups = parse(s, from, to);
    return groups == null ? null : format(groups);
  }

  private static int[] parse(String s, int from, int to) {
    int[] groups = new int[8];
    int count = 0;
    int compressAt = -1;
    int i = from;
    if (i == to) {
      return null;
    }
    if (s.charAt(i) == ':') {
      if (i + 1 >= to || s.charAt(i + 1) != ':') {
        return null;
      }
      compressAt = 0;
      i += 2;
      if (i == to) {
        return new int[8];
      }
    }
    while (i < to) {
      if (count == 8) {
        return null;
      }
      int start = i;
      int value = 0;
      while (i < to && i - start < 5 && hex(s.charAt(i)) >= 0) {
        value = value * 16 + hex(s.charAt(i));
        i++;
      }
      int digits = i - start;
      if (i < to && s.charAt(i) == '.') {
        // A dotted IPv4 tail takes the last two groups.
        if (count > 6) {
          return null;
        }
        int v4 = ipv4(s, start, to);
        if (v4 == -1) {
          return null;
        }
        groups[count++] = (v4 >>> 16) & 0xffff;
        groups[count++] = v4 & 0xffff;
        i = to;
        break;
      }
      if (digits == 0 || digits > 4) {
        return null;
      }
      groups[count++] = value;
      if (i == to) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < to && s.charAt(i) == ':') {
        if (compressAt != -1) {
          return null;
        }
        compressAt = count;
        i++;
        if (i == to) {
          break;
        }
      } else if (i == to) {
        return null; // a single trailing ':'
      }
    }
    if (compressAt == -1) {
      return count == 8 ? groups : null;
    }
    if (count == 8) {
      return null; // '::' must stand for at least one group
    }
    int[] out = new int[8];
    System.arraycopy(groups, 0, out, 0, compressAt);
    int tail = count - compressAt;
    System.arraycopy(groups, compressAt, out, 8 - tail, tail);
    return out;
  }

  /** A strict dotted-decimal IPv4 address in {@code s[from, to)}, or -1. */
  private static int ipv4(String s, int from, int to) {
    long value = 0;
    int parts = 0;
    int i = from;
    while (i <= to) {
      int start = i;
      int part = 0;
      while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 4) {
        part = part * 10 + (s.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || part > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return -1;
      }
      value = (value << 8) | part;
      parts++;
      if (i == to) {
        break;
      }
      if (s.charAt(i) != '.' || parts == 4) {
        return -1;
      }
      i++;
    }
    return parts == 4 ? (int) value : -1;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static String format(int[] groups) {
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
