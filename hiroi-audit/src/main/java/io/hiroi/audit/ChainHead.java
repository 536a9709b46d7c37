package io.hiroi.audit;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a chain stands: the {@code seq} of its last record and that record's {@code mac}, which
 * the next record carries as {@code prev}. An empty chain stands at {@link #GENESIS}: {@code seq}
 * 0 and 64 {@code 0}s (DESIGN.md, "Audit records").
 *
 * <p>Immutable and thread-safe.
 */
public final class ChainHead {
  /** The head of an empty chain: the first record has {@code seq} 1 and this {@code prev}. */
  public static final ChainHead GENESIS = new ChainHead(0, "0".repeat(64));

  static final Pattern MAC_HEX = Pattern.compile("[0-9a-f]{64}");

  private final long seq;
  private final String mac;

  private ChainHead(long seq, String mac) {
    this.seq = seq;
    this.mac = mac;
  }

  /**
   * Makes a head.
   *
   * @param seq the last record's {@code seq}, 0 for an empty chain
   * @param mac the last record's {@code mac}: 64 lower-case hex digits
   * @return the head
   * @throws IllegalArgumentException if {@code seq} is negative or {@code mac} is not 64
   *     lower-case hex digits
   */
  public static ChainHead of(long seq, String mac) {
    Objects.requireNonNull(mac, "mac");
    if (seq < 0 || seq > io.hiroi.audit.internal.Jcs.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("seq must be between 0 and 2^53 - 1, was " + seq);
    }
    if (!MAC_HEX.matcher(mac).matches()) {
      throw new IllegalArgumentException("mac must be 64 lower-case hex digits");
    }
    return new ChainHead(seq, mac);
  }

  /**
   * Returns the last record's sequence number.
   *
   * @return {@code seq}, 0 for an empty chain
   */
  public long seq() {
    return seq;
  }

  /**
   * Returns the last record's MAC.
   *
   * @return 64 lower-case hex digits
   */
  public String mac() {
    return mac;
  }

  /**
   * Two heads are equal when seq and mac are.
   *
   * @param other another object
   * @return whether it is an equal head
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof ChainHead && ((ChainHead) other).seq == seq && ((ChainHead) other).mac.equals(mac);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(seq) * 31 + mac.hashCode();
  }

  /** Prints seq and the first 16 hex digits of the mac (not a secret). */
  @Override
  public String toString() {
    return "ChainHead[seq=" + seq + ", mac=" + mac.substring(0, 16) + "...]";
  }
}
