package io.hiroi.ratelimit;

import io.hiroi.ratelimit.internal.Errors;
import java.time.Duration;
import java.util.Objects;

/**
 * One rate limit: {@code permits} per {@code period}, of which up to {@code burst} may be spent at
 * once, enforced with the generic cell rate algorithm (GCRA). A key that has been idle for a
 * while may spend {@code burst} permits at once; after that, one permit comes back every
 * {@code period / permits}. Over any stretch of time {@code t}, a key spends at most
 * {@code burst + t * permits / period} permits: there is no window edge at which the limit
 * doubles, as it does with fixed windows.
 *
 * <p>The emission interval {@code period / permits} is kept in whole microseconds, rounded up, so
 * a limit is never looser than declared (7 per second becomes one permit every 142,858 µs).
 *
 * <p>Immutable and thread-safe; declare limits once, as constants.
 *
 * <pre>{@code
 * Limit perMinute = Limit.of("login-minute", 5, Duration.ofMinutes(1)); // burst 5
 * Limit perHour = Limit.of("login-hour", 1000, Duration.ofHours(1)).withBurst(100);
 * }</pre>
 */
public final class Limit {
  /** The longest period a limit may have. */
  public static final Duration MAX_PERIOD = Duration.ofDays(31);

  /** The shortest period a limit may have. */
  public static final Duration MIN_PERIOD = Duration.ofMillis(1);

  /** The largest burst a limit may have. */
  public static final long MAX_BURST = 1_000_000;

  /** The longest a key may take to recover its whole burst (burst x emission interval). */
  static final long MAX_TOLERANCE_MICROS = Duration.ofDays(366).toNanos() / 1000;

  private static final int MAX_NAME_LENGTH = 32;

  private final String name;
  private final long permits;
  private final Duration period;
  private final long burst;
  private final long intervalMicros;

  private Limit(String name, long permits, Duration period, long burst, long intervalMicros) {
    this.name = name;
    this.permits = permits;
    this.period = period;
    this.burst = burst;
    this.intervalMicros = intervalMicros;
  }

  /**
   * Declares {@code permits} per {@code period} with a burst of {@code permits}.
   *
   * @param name the limit's name: 1 to 32 of {@code a-z 0-9 . _ -}, starting with a letter or
   *     digit; it appears in storage keys, headers and listener events
   * @param permits how many permits come back per period, at least 1 and at most one per
   *     microsecond
   * @param period the period, from 1 ms to 31 days
   * @return the limit
   * @throws NullPointerException when an argument is {@code null}
   * @throws IllegalArgumentException when an argument is out of range
   */
  public static Limit of(String name, long permits, Duration period) {
    checkName(name);
    Objects.requireNonNull(period, "period");
    if (period.compareTo(MIN_PERIOD) < 0 || period.compareTo(MAX_PERIOD) > 0) {
      throw Errors.outOfRange("period", MIN_PERIOD + " and " + MAX_PERIOD, period.toString());
    }
    long periodMicros = period.toNanos() / 1000;
    if (permits < 1 || permits > periodMicros) {
      throw Errors.outOfRange("permits", "1 and " + periodMicros + " (one per microsecond)", Long.toString(permits));
    }
    long interval = (periodMicros + permits - 1) / permits;
    return create(name, permits, period, Math.min(permits, MAX_BURST), interval);
  }

  /**
   * Declares {@code permits} per second.
   *
   * @param name the limit's name (see {@link #of})
   * @param permits permits per second
   * @return the limit
   * @throws IllegalArgumentException when an argument is out of range
   */
  public static Limit perSecond(String name, long permits) {
    return of(name, permits, Duration.ofSeconds(1));
  }

  /**
   * Declares {@code permits} per minute.
   *
   * @param name the limit's name (see {@link #of})
   * @param permits permits per minute
   * @return the limit
   * @throws IllegalArgumentException when an argument is out of range
   */
  public static Limit perMinute(String name, long permits) {
    return of(name, permits, Duration.ofMinutes(1));
  }

  /**
   * Declares {@code permits} per hour.
   *
   * @param name the limit's name (see {@link #of})
   * @param permits permits per hour
   * @return the limit
   * @throws IllegalArgumentException when an argument is out of range
   */
  public static Limit perHour(String name, long permits) {
    return of(name, permits, Duration.ofHours(1));
  }

  /**
   * Returns this limit with another burst: how many permits an idle key may spend at once.
   *
   * @param burst from 1 to {@link #MAX_BURST}, and small enough that recovering the whole burst
   *     takes at most 366 days
   * @return the new limit
   * @throws IllegalArgumentException when {@code burst} is out of range
   */
  public Limit withBurst(long burst) {
    if (burst < 1 || burst > MAX_BURST) {
      throw Errors.outOfRange("burst", "1 and " + MAX_BURST, Long.toString(burst));
    }
    return create(name, permits, period, burst, intervalMicros);
  }

  private static Limit create(String name, long permits, Duration period, long burst, long interval) {
    if (interval > MAX_TOLERANCE_MICROS / burst) {
      throw Errors.outOfRange("burst x (period / permits)", "0 and 366 days", burst + " x " + interval + " µs");
    }
    return new Limit(name, permits, period, burst, interval);
  }

  static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    boolean ok = !name.isEmpty() && name.length() <= MAX_NAME_LENGTH;
    for (int i = 0; ok && i < name.length(); i++) {
      char c = name.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      ok = alnum || (i > 0 && (c == '.' || c == '_' || c == '-'));
    }
    if (!ok) {
      throw Errors.badName("name", MAX_NAME_LENGTH);
    }
  }

  /**
   * Returns the limit's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns how many permits come back per period.
   *
   * @return the permits per period
   */
  public long permits() {
    return permits;
  }

  /**
   * Returns the period.
   *
   * @return the period
   */
  public Duration period() {
    return period;
  }

  /**
   * Returns how many permits an idle key may spend at once.
   *
   * @return the burst
   */
  public long burst() {
    return burst;
  }

  /**
   * Returns the time between two permits coming back, in microseconds, rounded up.
   *
   * @return the emission interval
   */
  long intervalMicros() {
    return intervalMicros;
  }

  /**
   * Returns how far ahead of now a key's theoretical arrival time may run: burst x interval.
   *
   * @return the tolerance in microseconds
   */
  long toleranceMicros() {
    return intervalMicros * burst;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Limit)) {
      return false;
    }
    Limit other = (Limit) o;
    return name.equals(other.name) && permits == other.permits && period.equals(other.period) && burst == other.burst;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, permits, period, burst);
  }

  @Override
  public String toString() {
    return "Limit{" + name + ": " + permits + " per " + period + ", burst " + burst + "}";
  }
}
