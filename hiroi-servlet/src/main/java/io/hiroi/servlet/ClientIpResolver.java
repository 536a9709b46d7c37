package io.hiroi.servlet;

import io.hiroi.servlet.internal.Cidr;
import io.hiroi.servlet.internal.Errors;
import io.hiroi.servlet.internal.IpLiterals;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Finds the client's address behind the host's own reverse proxies, without trusting anything a
 * client can write. It starts from the connection's remote address; only while the address at
 * hand is one of the configured trusted proxies does it step one hop to the left in {@code
 * X-Forwarded-For} (or in the {@code for=} parameters of RFC 7239 {@code Forwarded}, whichever is
 * configured; never both). The first address that is not a trusted proxy is the client. So a
 * client that sends its own {@code X-Forwarded-For: 1.2.3.4} gains nothing: the proxy appends the
 * real address to the right of it, and the walk stops there. With no trusted proxy configured
 * (the default) the headers are never read.
 *
 * <p>A hop that is not an IP literal ({@code unknown}, an obfuscated identifier, garbage) ends the
 * walk at the last address reached, a trusted proxy; so do more hops than {@code maxHops}. The
 * header is read from the right, where the trusted proxies wrote: nothing a client puts at its
 * left (an unmatched quote, or 8 KiB of padding, of which only the rightmost 8 KiB are read)
 * changes how the proxies' elements are split. Addresses are literals only: nothing is ever looked up
 * in DNS. IPv4-mapped IPv6 addresses are IPv4 addresses.
 *
 * <p>Immutable and thread-safe; build one from configuration and share it.
 *
 * <pre>{@code
 * ClientIpResolver ips = ClientIpResolver.builder()
 *     .trustProxy("10.0.0.0/8")              // the load balancers' network
 *     .header(ClientIpResolver.Header.X_FORWARDED_FOR)
 *     .build();
 * InetAddress client = ips.resolve(request);
 * }</pre>
 */
public final class ClientIpResolver {
  /** Which forwarding header the trusted proxies write. */
  public enum Header {
    /** {@code X-Forwarded-For}: comma-separated addresses, the nearest hop last. */
    X_FORWARDED_FOR("X-Forwarded-For"),
    /** {@code Forwarded} (RFC 7239): the {@code for=} parameter of each element. */
    FORWARDED("Forwarded");

    private final String headerName;

    Header(String headerName) {
      this.headerName = headerName;
    }

    /**
     * Returns the HTTP header's name.
     *
     * @return the name
     */
    public String headerName() {
      return headerName;
    }
  }

  /** How many hops are walked at most, by default. */
  public static final int DEFAULT_MAX_HOPS = 10;

  private static final int MAX_HEADER_CHARS = 8192;

  private final List<Cidr> trusted;
  private final Header header;
  private final int maxHops;

  private ClientIpResolver(List<Cidr> trusted, Header header, int maxHops) {
    this.trusted = trusted;
    this.header = header;
    this.maxHops = maxHops;
  }

  /**
   * A resolver that trusts no proxy: the client is the connection's remote address.
   *
   * @return the resolver
   */
  public static ClientIpResolver direct() {
    return new ClientIpResolver(List.of(), Header.X_FORWARDED_FOR, DEFAULT_MAX_HOPS);
  }

  /**
   * Starts a builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Resolves a servlet request's client address from its remote address and forwarding header.
   *
   * @param request the request
   * @return the client's address
   * @throws NullPointerException when {@code request} is {@code null}
   * @throws IllegalArgumentException when the container's remote address is not an IP literal
   */
  public InetAddress resolve(HttpServletRequest request) {
    Objects.requireNonNull(request, "request");
    List<String> values = trusted.isEmpty() ? List.of() : Collections.list(request.getHeaders(header.headerName()));
    return resolve(request.getRemoteAddr(), values);
  }

  /**
   * Resolves the client address from plain values.
   *
   * @param remoteAddress the connection's remote address, an IP literal
   * @param headerValues every value of the configured forwarding header, in the order received
   * @return the client's address
   * @throws NullPointerException when an argument is {@code null}
   * @throws IllegalArgumentException when {@code remoteAddress} is not an IP literal
   */
  public InetAddress resolve(String remoteAddress, List<String> headerValues) {
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    Objects.requireNonNull(headerValues, "headerValues");
    InetAddress address = IpLiterals.parse(unbracket(remoteAddress));
    if (address == null) {
      throw Errors.badRemoteAddress();
    }
    if (!isTrusted(address) || headerValues.isEmpty()) {
      return address;
    }
    String joined = join(headerValues);
    boolean cut = joined.length() > MAX_HEADER_CHARS;
    if (cut) {
      // Only the right end was written by our proxies; the left is the client's and may be long.
      joined = joined.substring(joined.length() - MAX_HEADER_CHARS);
    }
    int end = joined.length();
    for (int walked = 0; walked < maxHops; walked++) {
      int separator = previousSeparator(joined, end);
      if (separator < 0 && cut) {
        return address; // the leftmost element was cut: never read a partial address
      }
      InetAddress hop = parseHop(joined.substring(separator + 1, end));
      if (hop == null) {
        return address;
      }
      address = hop;
      if (!isTrusted(address) || separator < 0) {
        return address;
      }
      end = separator;
    }
    return address;
  }

  /** The header's values as one list, as RFC 9110 section 5.3 says several field lines are. */
  private static String join(List<String> values) {
    StringBuilder out = new StringBuilder();
    for (String v : values) {
      if (v != null) {
        if (out.length() > 0) {
          out.append(',');
        }
        out.append(v);
      }
    }
    return out.toString();
  }

  /**
   * The index of the comma before the element that ends at {@code end}, or -1. Read from the right,
   * so that nothing a client wrote at the left (an unmatched quote, say) changes how the elements
   * our proxies appended are split. {@code X-Forwarded-For} has no quoting: every comma separates.
   * In {@code Forwarded}, a comma inside a quoted string does not; quotes are matched from the
   * right, where the elements are well formed.
   */
  private int previousSeparator(String value, int end) {
    if (header == Header.X_FORWARDED_FOR) {
      return value.lastIndexOf(',', end - 1);
    }
    boolean quoted = false;
    for (int i = end - 1; i >= 0; i--) {
      char c = value.charAt(i);
      if (c == '"' && !(quoted && i > 0 && value.charAt(i - 1) == '\\')) {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Tells whether the connection's remote address is one of the trusted proxies.
   *
   * @param remoteAddress the connection's remote address
   * @return {@code false} also when it is not an IP literal
   */
  boolean isTrustedProxy(String remoteAddress) {
    InetAddress address = remoteAddress == null ? null : IpLiterals.parse(unbracket(remoteAddress));
    return address != null && isTrusted(address);
  }

  private boolean isTrusted(InetAddress address) {
    for (Cidr block : trusted) {
      if (block.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private InetAddress parseHop(String hop) {
    String node = header == Header.FORWARDED ? forwardedFor(hop) : hop.strip();
    if (node == null || node.isEmpty()) {
      return null;
    }
    return IpLiterals.parse(hostOf(node));
  }

  /** The {@code for=} value of one {@code Forwarded} element, unquoted; null when absent or bad. */
  private static String forwardedFor(String element) {
    String found = null;
    for (String pair : element.split(";", -1)) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        return null;
      }
      String name = pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      if (!name.equals("for")) {
        continue;
      }
      if (found != null) {
        return null; // two for= in one element
      }
      String value = pair.substring(eq + 1).strip();
      if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
        value = value.substring(1, value.length() - 1);
        if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
          return null;
        }
      } else if (value.indexOf('"') >= 0 || value.indexOf('[') >= 0) {
        return null; // RFC 7239: an IPv6 node (brackets, colons) must be quoted
      }
      found = value;
    }
    return found;
  }

  /** Drops a port: {@code 1.2.3.4:80} or {@code [::1]:80}; an IPv6 literal comes without brackets. */
  private static String hostOf(String node) {
    if (node.startsWith("[")) {
      int close = node.indexOf(']');
      if (close < 0) {
        return null;
      }
      String rest = node.substring(close + 1);
      if (!rest.isEmpty() && !isPort(rest)) {
        return null;
      }
      return node.substring(1, close);
    }
    int colon = node.indexOf(':');
    if (colon >= 0 && node.indexOf(':', colon + 1) < 0) {
      return isPort(node.substring(colon)) ? node.substring(0, colon) : null; // IPv4 with a port
    }
    return node;
  }

  private static boolean isPort(String s) {
    if (s.length() < 2 || s.length() > 6 || s.charAt(0) != ':') {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String unbracket(String address) {
    return address.length() > 2 && address.startsWith("[") && address.endsWith("]")
        ? address.substring(1, address.length() - 1)
        : address;
  }

  @Override
  public String toString() {
    return "ClientIpResolver{trusted=" + trusted + ", header=" + header + ", maxHops=" + maxHops + "}";
  }

  /**
   * Builds a {@link ClientIpResolver}.
   *
   * <p>Not thread-safe; use it on one thread.
   */
  public static final class Builder {
    private final List<Cidr> trusted = new ArrayList<>();
    private Header header;
    private Integer maxHops;

    private Builder() {}

    /**
     * Adds a trusted proxy: an address or a CIDR block of the host's own proxies.
     *
     * @param addressOrBlock for example {@code 10.0.0.0/8}, {@code 2001:db8::/32} or {@code 192.0.2.10}
     * @return this builder
     * @throws NullPointerException when {@code addressOrBlock} is {@code null}
     * @throws IllegalArgumentException when it is not an IP literal or block
     */
    public Builder trustProxy(String addressOrBlock) {
      trusted.add(Cidr.parse(Objects.requireNonNull(addressOrBlock, "addressOrBlock").strip()));
      return this;
    }

    /**
     * Sets the forwarding header the trusted proxies write (default {@link Header#X_FORWARDED_FOR}).
     *
     * @param header the header
     * @return this builder
     * @throws NullPointerException when {@code header} is {@code null}
     * @throws IllegalStateException when already set
     */
    public Builder header(Header header) {
      Objects.requireNonNull(header, "header");
      if (this.header != null) {
        throw Errors.alreadySet("header");
      }
      this.header = header;
      return this;
    }

    /**
     * Sets how many hops are walked at most (default {@link #DEFAULT_MAX_HOPS}).
     *
     * @param maxHops from 1 to 100
     * @return this builder
     * @throws IllegalArgumentException when out of range
     * @throws IllegalStateException when already set
     */
    public Builder maxHops(int maxHops) {
      if (maxHops < 1 || maxHops > 100) {
        throw Errors.outOfRange("maxHops", "1 and 100", Integer.toString(maxHops));
      }
      if (this.maxHops != null) {
        throw Errors.alreadySet("maxHops");
      }
      this.maxHops = maxHops;
      return this;
    }

    /**
     * Builds the resolver.
     *
     * @return the resolver
     */
    public ClientIpResolver build() {
      return new ClientIpResolver(
          List.copyOf(trusted), header == null ? Header.X_FORWARDED_FOR : header, maxHops == null ? DEFAULT_MAX_HOPS : maxHops);
    }
  }
}
