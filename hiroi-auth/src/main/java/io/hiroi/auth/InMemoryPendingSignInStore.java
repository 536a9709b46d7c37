package io.hiroi.auth;

import io.hiroi.auth.internal.Errors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded pending sign-in store, for a single replica. {@link #take} is one {@link
 * ConcurrentHashMap#remove(Object)} and {@link #fail} one {@link ConcurrentHashMap#computeIfPresent},
 * so of any number of concurrent takes exactly one gets the value. Bounded: at most {@code
 * maxEntries} entries; when full it first drops the expired ones, and if still full refuses new
 * ones ({@link AuthStoreException}) rather than dropping live ones.
 *
 * <p>Thread-safe; share one instance.
 */
public final class InMemoryPendingSignInStore implements PendingSignInStore {
  /** The default bound on the number of pending sign-ins. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  private final int maxEntries;
  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  private static final class Entry {
    final String value;
    final Instant dropAt;
    final long failures;

    Entry(String value, Instant dropAt, long failures) {
      this.value = value;
      this.dropAt = dropAt;
      this.failures = failures;
    }

    boolean expiredAt(Instant now) {
      return !now.isBefore(dropAt);
    }
  }

  private InMemoryPendingSignInStore(int maxEntries, Clock clock) {
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /**
   * Creates a store of at most {@link #DEFAULT_MAX_ENTRIES} entries, on the system clock.
   *
   * @return a new, empty store
   */
  public static InMemoryPendingSignInStore create() {
    return new InMemoryPendingSignInStore(DEFAULT_MAX_ENTRIES, Clock.systemUTC());
  }

  /**
   * Creates a store with another bound.
   *
   * @param maxEntries the most pending sign-ins held, 1 to 100 000 000
   * @param clock the clock that decides when an entry has expired (the {@link SignInChallenges}' clock)
   * @return a new, empty store
   * @throws IllegalArgumentException if {@code maxEntries} is out of range
   * @throws NullPointerException if {@code clock} is null
   */
  public static InMemoryPendingSignInStore create(int maxEntries, Clock clock) {
    if (maxEntries < 1 || maxEntries > 100_000_000) {
      throw Errors.outOfRange("maxEntries", "between 1 and 100000000", maxEntries);
    }
    return new InMemoryPendingSignInStore(maxEntries, Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(ttl, "ttl");
    Instant now = clock.instant();
    if (entries.size() >= maxEntries) {
      entries.entrySet().removeIf(e -> e.getValue().expiredAt(now));
      if (entries.size() >= maxEntries) {
        throw Errors.full("pending sign-ins", maxEntries);
      }
    }
    entries.put(key, new Entry(value, now.plus(ttl), 0));
  }

  @Override
  public Optional<String> get(String key) {
    Entry e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (e.expiredAt(clock.instant())) {
      entries.remove(key, e);
      return Optional.empty();
    }
    return Optional.of(e.value);
  }

  @Override
  public Optional<String> take(String key) {
    Entry e = entries.remove(key);
    if (e == null || e.expiredAt(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(e.value);
  }

  @Override
  public long fail(String key, int maxFailures) {
    long[] count = new long[1];
    Instant now = clock.instant();
    entries.computeIfPresent(
        key,
        (k, e) -> {
          if (e.expiredAt(now)) {
            return null;
          }
          count[0] = e.failures + 1;
          return count[0] >= maxFailures ? null : new Entry(e.value, e.dropAt, count[0]);
        });
    return count[0];
  }

  /**
   * Returns how many entries are held, including expired ones not yet dropped.
   *
   * @return the count
   */
  public int size() {
    return entries.size();
  }

  @Override
  public String toString() {
    return "InMemoryPendingSignInStore[entries=" + entries.size() + ", max=" + maxEntries + "]";
  }
}
