package io.hiroi.examples;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock plus an offset the tests move forward instead of sleeping (so TOTP codes that
 * {@link TestTotp} computes from the real time still match until the clock is moved). Thread-safe.
 */
final class MovableClock extends Clock {
  private volatile Duration offset = Duration.ZERO;

  synchronized void advance(Duration d) {
    offset = offset.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("fixed to UTC");
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }
}
