package io.hiroi.servlet.internal;

import java.net.InetAddress;

/**
 * An address block such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}, or one address. IPv4 and
 * IPv6 blocks never match each other's addresses (IPv4-mapped IPv6 addresses are IPv4 addresses
 * by the time they get here).
 *
 * <p>Immutable and thread-safe.
 */
public final class Cidr {
  private final byte[] network;
  private final int prefix;

  private Cidr(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /**
   * Parses a block.
   *
   * @param text an IP literal, optionally followed by {@code /} and a prefix length
   * @return the block
   * @throws IllegalArgumentException when the text is not a block, or has bits set past its prefix
   */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    InetAddress address = IpLiterals.parse(slash < 0 ? text : text.substring(0, slash));
    if (address == null) {
      throw Errors.invalid("a trusted proxy", "an IP literal or a CIDR block such as 10.0.0.0/8 or 2001:db8::/32");
    }
    byte[] bytes = address.getAddress();
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String digits = text.substring(slash + 1);
      if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw Errors.invalid("a CIDR prefix length", "a number from 0 to " + max);
      }
      prefix = Integer.parseInt(digits);
      if (prefix > max) {
        throw Errors.outOfRange("a CIDR prefix length", "0 and " + max, Integer.toString(prefix));
      }
    }
    for (int bit = prefix; bit < max; bit++) {
      if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
        throw Errors.invalid("a CIDR block", "written with no bits set after its prefix (such as 10.0.0.0/8, not 10.1.2.3/8)");
      }
    }
    return new Cidr(bytes, prefix);
  }

  /**
   * Says whether the address lies in the block.
   *
   * @param address the address
   * @return whether it matches
   */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != network.length) {
      return false;
    }
    int whole = prefix / 8;
    for (int i = 0; i < whole; i++) {
      if (bytes[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (bytes[whole] & mask) == (network[whole] & mask);
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError("a 4- or 16-byte address is always valid", e);
    }
  }
}
