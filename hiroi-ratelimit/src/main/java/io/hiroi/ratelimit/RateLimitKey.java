package io.hiroi.ratelimit;

import io.hiroi.ratelimit.internal.Errors;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * Whose permits a decision spends: a user, a visitor, an account name, a client IP address or a
 * key of the host's own namespace. Every key is bounded and safe to use as (part of) a Redis key,
 * whatever the input: a value of 1 to 64 characters from {@code A-Z a-z 0-9 . _ - : @ + / =} is
 * kept as it is, so keys stay readable in Redis; any other value (empty, longer, binary, with
 * braces, spaces or newlines) is replaced by {@code #} and the base64url SHA-256 of its UTF-8
 * bytes. The two forms never collide: {@code #} is not a kept character.
 *
 * <p>IP keys: an IPv4 address is one key; an IPv6 address is grouped by its /64 prefix by default
 * (one customer network), or by another prefix length; an IPv4-mapped IPv6 address
 * ({@code ::ffff:192.0.2.1}) is the IPv4 address it maps.
 *
 * <p>Immutable and thread-safe. The key holds user ids or IP addresses, which are personal data
 * but not secrets; {@link #toString()} prints it.
 */
public final class RateLimitKey {
  /** The IPv6 prefix length {@link #ip(InetAddress)} groups addresses by. */
  public static final int DEFAULT_IPV6_PREFIX_BITS = 64;

  private static final int MAX_RAW_LENGTH = 64;
  private static final int MAX_NAMESPACE_LENGTH = 16;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final String value;

  private RateLimitKey(String value) {
    this.value = value;
  }

  /**
   * The key of a signed-in user.
   *
   * @param userId the user's id, as the host stores it
   * @return the key {@code user:<id>}
   * @throws NullPointerException when {@code userId} is {@code null}
   */
  public static RateLimitKey user(String userId) {
    return of("user", userId);
  }

  /**
   * The key of a widget visitor (an anonymous or host-identified person on a customer's site).
   *
   * @param visitorId the visitor id, for example the {@code sub} of a widget session token
   * @return the key {@code visitor:<id>}
   * @throws NullPointerException when {@code visitorId} is {@code null}
   */
  public static RateLimitKey visitor(String visitorId) {
    return of("visitor", visitorId);
  }

  /**
   * The key of an account name being signed in to, whether or not it exists. Pass the name the
   * way the host normalizes it (for example a lower-cased e-mail address), so that case variants
   * share one key.
   *
   * @param account the account name as submitted, after the host's normalization
   * @return the key {@code account:<name>}
   * @throws NullPointerException when {@code account} is {@code null}
   */
  public static RateLimitKey account(String account) {
    return of("account", account);
  }

  /**
   * The key of a client address: IPv4 per address, IPv6 per /64.
   *
   * @param address the client's address (resolve it from trusted proxy headers first)
   * @return the key {@code ip4:<address>} or {@code ip6:<prefix>/64}
   * @throws NullPointerException when {@code address} is {@code null}
   */
  public static RateLimitKey ip(InetAddress address) {
    return ip(address, DEFAULT_IPV6_PREFIX_BITS);
  }

  /**
   * The key of a client address, grouping IPv6 addresses by another prefix length.
   *
   * @param address the client's address
   * @param ipv6PrefixBits how many leading bits of an IPv6 address form the key, 1 to 128
   *     (128: one key per address; 48: one per site)
   * @return the key {@code ip4:<address>} or {@code ip6:<prefix>/<bits>}
   * @throws NullPointerException when {@code address} is {@code null}
   * @throws IllegalArgumentException when {@code ipv6PrefixBits} is out of range
   */
  public static RateLimitKey ip(InetAddress address, int ipv6PrefixBits) {
    Objects.requireNonNull(address, "address");
    if (ipv6PrefixBits < 1 || ipv6PrefixBits > 128) {
      throw Errors.outOfRange("ipv6PrefixBits", "1 and 128", Integer.toString(ipv6PrefixBits));
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
      return new RateLimitKey("ip4:" + (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "." + (bytes[15] & 0xff));
    }
    if (address instanceof Inet4Address) {
      return new RateLimitKey("ip4:" + address.getHostAddress());
    }
    StringBuilder key = new StringBuilder("ip6:");
    int nibbles = (ipv6PrefixBits + 3) / 4;
    for (int i = 0; i < nibbles; i++) {
      int b = bytes[i / 2] & 0xff;
      int nibble = i % 2 == 0 ? b >>> 4 : b & 0x0f;
      int bitsBefore = i * 4;
      int keep = Math.min(4, ipv6PrefixBits - bitsBefore);
      nibble &= (0xf << (4 - keep)) & 0xf;
      key.append(HEX[nibble]);
      if (i % 4 == 3 && i + 1 < nibbles) {
        key.append(':');
      }
    }
    return new RateLimitKey(key.append('/').append(ipv6PrefixBits).toString());
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    if (bytes.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  /**
   * A key of the host's own namespace, such as {@code of("tenant", tenantId)}.
   *
   * @param namespace 1 to 16 of {@code a-z 0-9 _ -}; keeps keys of different kinds apart
   * @param value any string, bounded as the class describes
   * @return the key {@code <namespace>:<value>}
   * @throws NullPointerException when an argument is {@code null}
   * @throws IllegalArgumentException when {@code namespace} is not valid
   */
  public static RateLimitKey of(String namespace, String value) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(value, "value");
    boolean ok = !namespace.isEmpty() && namespace.length() <= MAX_NAMESPACE_LENGTH;
    for (int i = 0; ok && i < namespace.length(); i++) {
      char c = namespace.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
    if (!ok) {
      throw Errors.badName("namespace", MAX_NAMESPACE_LENGTH);
    }
    return new RateLimitKey(namespace + ":" + bounded(value));
  }

  private static String bounded(String value) {
    boolean keep = !value.isEmpty() && value.length() <= MAX_RAW_LENGTH;
    for (int i = 0; keep && i < value.length(); i++) {
      keep = isKept(value.charAt(i));
    }
    if (keep) {
      return value;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return "#" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  private static boolean isKept(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.' || c == '_' || c == '-' || c == ':' || c == '@' || c == '+' || c == '/' || c == '=';
  }

  /**
   * Returns the key's bounded text, at most 90 characters, without braces, spaces or control
   * characters.
   *
   * @return the key's text
   */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RateLimitKey && ((RateLimitKey) o).value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
