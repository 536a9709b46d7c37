package io.hiroi.audit.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * UUID version 7 (RFC 9562 section 5.7): 48 bits of Unix time in milliseconds, the version, 12
 * random bits, the variant and 62 random bits from {@link SecureRandom}. Ids of one millisecond
 * are not ordered among themselves; the record's {@code seq} gives the order.
 *
 * <p>Thread-safe.
 */
public final class Uuid7 {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Uuid7() {}

  /**
   * Makes a UUIDv7 for an instant.
   *
   * @param at the time; milliseconds since 1970 must fit in 48 bits and not be negative
   * @return a fresh id
   * @throws IllegalArgumentException if the instant is outside the 48-bit millisecond range
   */
  public static UUID at(Instant at) {
    long millis = at.toEpochMilli();
    if (millis < 0 || millis >= (1L << 48)) {
      throw new IllegalArgumentException("UUIDv7 time must be between 1970 and year 10889");
    }
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    long randA = ((random[0] & 0xfL) << 8) | (random[1] & 0xffL);
    long msb = (millis << 16) | 0x7000L | randA;
    long lsb = 0;
    for (int i = 2; i < 10; i++) {
      lsb = (lsb << 8) | (random[i] & 0xffL);
    }
    lsb = (lsb & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  /**
   * Tells whether an id is a UUID of version 7 and the RFC 9562 variant.
   *
   * @param id an id
   * @return whether it is a UUIDv7
   */
  public static boolean isVersion7(UUID id) {
    return id.version() == 7 && id.variant() == 2;
  }
}
