package io.hiroi.auth.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Parses IP address literals without ever asking DNS: {@link InetAddress#getByName} resolves
 * anything that is not a literal, so only text that can only be a literal reaches it (a dotted
 * quad of decimal digits, or hex digits, colons and dots with at least one colon).
 *
 * <p>Stateless and thread-safe.
 */
public final class IpLiterals {
  private IpLiterals() {}

  /**
   * Parses an IPv4 or IPv6 literal (no zone, no brackets).
   *
   * @param text the text, possibly empty
   * @return the address, or empty when the text is not such a literal
   */
  public static Optional<InetAddress> parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return Optional.empty();
    }
    boolean colon = text.indexOf(':') >= 0;
    if (colon) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        boolean ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.';
        if (!ok) {
          return Optional.empty();
        }
      }
    } else if (!isDottedQuad(text)) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean isDottedQuad(String text) {
    int parts = 0;
    int digits = 0;
    int value = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || value > 255) {
          return false;
        }
        parts++;
        digits = 0;
        value = 0;
      } else if (c >= '0' && c <= '9' && digits < 3) {
        value = value * 10 + (c - '0');
        digits++;
      } else {
        return false;
      }
    }
    return parts == 4;
  }
}
