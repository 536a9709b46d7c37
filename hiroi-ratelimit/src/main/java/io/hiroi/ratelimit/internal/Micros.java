package io.hiroi.ratelimit.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Conversions between {@code java.time} and the microseconds the backends count in. */
public final class Micros {
  private Micros() {}

  /**
   * Returns a clock's time in microseconds since the epoch.
   *
   * @param clock the clock
   * @return the time
   */
  public static long now(Clock clock) {
    Instant t = clock.instant();
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  /**
   * Returns a duration in microseconds, rounded down.
   *
   * @param d the duration
   * @return the microseconds
   */
  public static long of(Duration d) {
    return d.toNanos() / 1000;
  }

  /**
   * Returns microseconds as a duration; negative values become zero.
   *
   * @param micros the microseconds
   * @return the duration
   */
  public static Duration toDuration(long micros) {
    return micros <= 0 ? Duration.ZERO : Duration.ofNanos(micros * 1000);
  }
}
