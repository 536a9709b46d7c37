package io.hiroi.auth;

import java.util.Objects;

/**
 * The client a session was created from, as the host saw it: its IP address and {@code
 * User-Agent}, for a "your devices" page. Both are attacker-supplied text: they are cut to a
 * bounded length ({@value #MAX_IP_LENGTH} and {@value #MAX_USER_AGENT_LENGTH} characters) and
 * control characters become {@code ?}, so a stored value can never break a log line or a store
 * key; escape them when rendering HTML. hiroi never puts them into an exception message.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClientInfo {
  /** The longest IP address text kept. */
  public static final int MAX_IP_LENGTH = 64;

  /** The longest {@code User-Agent} text kept. */
  public static final int MAX_USER_AGENT_LENGTH = 512;

  private static final ClientInfo UNKNOWN = new ClientInfo("", "");

  private final String ipAddress;
  private final String userAgent;

  private ClientInfo(String ipAddress, String userAgent) {
    this.ipAddress = ipAddress;
    this.userAgent = userAgent;
  }

  /**
   * Describes a client.
   *
   * @param ipAddress the client's address as the host determined it; {@code null} or empty when
   *     unknown
   * @param userAgent the {@code User-Agent} header; {@code null} or empty when absent
   * @return the (cleaned, bounded) client information
   */
  public static ClientInfo of(String ipAddress, String userAgent) {
    return new ClientInfo(clean(ipAddress, MAX_IP_LENGTH), clean(userAgent, MAX_USER_AGENT_LENGTH));
  }

  /**
   * Returns a client about which nothing is known.
   *
   * @return empty client information
   */
  public static ClientInfo unknown() {
    return UNKNOWN;
  }

  /**
   * Returns the IP address text, possibly empty.
   *
   * @return the address
   */
  public String ipAddress() {
    return ipAddress;
  }

  /**
   * Returns the {@code User-Agent} text, possibly empty.
   *
   * @return the user agent
   */
  public String userAgent() {
    return userAgent;
  }

  static String clean(String value, int max) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    int n = Math.min(value.length(), max);
    if (n < value.length() && Character.isHighSurrogate(value.charAt(n - 1))) {
      n--;
    }
    StringBuilder out = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
        out.append(c).append(value.charAt(++i)); // a whole pair: one character beyond the BMP
      } else {
        // Control characters, and a surrogate without its partner (no character at all, which
        // no UTF-8 writer can encode), become '?'.
        out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
      }
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientInfo && ((ClientInfo) o).ipAddress.equals(ipAddress) && ((ClientInfo) o).userAgent.equals(userAgent);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ipAddress, userAgent);
  }

  /** Returns the lengths only: the values are client-supplied text. */
  @Override
  public String toString() {
    return "ClientInfo[ip=" + ipAddress.length() + " chars, userAgent=" + userAgent.length() + " chars]";
  }
}
