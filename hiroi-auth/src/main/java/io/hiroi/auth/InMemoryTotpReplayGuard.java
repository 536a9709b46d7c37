package io.hiroi.auth;

import io.hiroi.auth.internal.Errors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory {@link TotpReplayGuard}, for a single replica: a map from key to expiry, bounded
 * (default {@value #DEFAULT_MAX_ENTRIES}); when full, expired entries are dropped first, and if
 * none has expired the use is refused with {@link AuthStoreException} (fail closed) rather than a
 * remembered code forgotten.
 *
 * <p>Thread-safe; share one instance.
 */
public final class InMemoryTotpReplayGuard implements TotpReplayGuard {
  /** The default number of used codes remembered. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  private final int maxEntries;
  private final Clock clock;
  private final ConcurrentHashMap<String, Instant> used = new ConcurrentHashMap<>();

  private InMemoryTotpReplayGuard(int maxEntries, Clock clock) {
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /**
   * Creates a guard for {@value #DEFAULT_MAX_ENTRIES} codes on the system clock.
   *
   * @return the guard
   */
  public static InMemoryTotpReplayGuard create() {
    return create(DEFAULT_MAX_ENTRIES, Clock.systemUTC());
  }

  /**
   * Creates a guard.
   *
   * @param maxEntries 1 to 10 000 000
   * @param clock the clock that expires entries (the {@link TotpService}'s)
   * @return the guard
   * @throws IllegalArgumentException if out of range
   * @throws NullPointerException if {@code clock} is null
   */
  public static InMemoryTotpReplayGuard create(int maxEntries, Clock clock) {
    if (maxEntries < 1 || maxEntries > 10_000_000) {
      throw Errors.outOfRange("maxEntries", "between 1 and 10000000", maxEntries);
    }
    return new InMemoryTotpReplayGuard(maxEntries, Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public boolean firstUse(String key, Duration ttl) {
    Instant now = clock.instant();
    if (used.size() >= maxEntries) {
      used.values().removeIf(expiry -> !expiry.isAfter(now));
      if (used.size() >= maxEntries) {
        throw Errors.full("used TOTP codes", maxEntries);
      }
    }
    Instant expiry = now.plus(ttl);
    boolean[] first = {false};
    used.compute(key, (k, old) -> {
      if (old == null || !old.isAfter(now)) {
        first[0] = true;
        return expiry;
      }
      return old;
    });
    return first[0];
  }

  @Override
  public String toString() {
    return "InMemoryTotpReplayGuard[entries=" + used.size() + ", maxEntries=" + maxEntries + "]";
  }
}
