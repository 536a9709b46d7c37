package io.hiroi.auth;

import io.hiroi.auth.internal.Errors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded one-time token store, for a single replica. {@link #take} is {@link
 * ConcurrentHashMap#remove(Object)}: of any number of concurrent calls for one key exactly one
 * gets the value. Bounded: at most {@code maxTokens} entries; when full it first drops the expired
 * ones, and if still full refuses new tokens ({@link AuthStoreException}) rather than dropping
 * live ones.
 *
 * <p>Thread-safe and lock-free on {@link #take}; share one instance.
 */
public final class InMemoryOneTimeTokenStore implements OneTimeTokenStore {
  /** The default bound on the number of outstanding tokens. */
  public static final int DEFAULT_MAX_TOKENS = 100_000;

  private final int maxTokens;
  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  private static final class Entry {
    final String value;
    final Instant dropAfter;

    Entry(String value, Instant dropAfter) {
      this.value = value;
      this.dropAfter = dropAfter;
    }
  }

  private InMemoryOneTimeTokenStore(int maxTokens, Clock clock) {
    this.maxTokens = maxTokens;
    this.clock = clock;
  }

  /**
   * Creates a store of at most {@link #DEFAULT_MAX_TOKENS} tokens.
   *
   * @return a new, empty store
   */
  public static InMemoryOneTimeTokenStore create() {
    return new InMemoryOneTimeTokenStore(DEFAULT_MAX_TOKENS, Clock.systemUTC());
  }

  /**
   * Creates a store with another bound.
   *
   * @param maxTokens the most outstanding tokens, 1 to 100 000 000
   * @param clock the clock that decides which entries have expired when the store is full
   * @return a new, empty store
   * @throws IllegalArgumentException if {@code maxTokens} is out of range
   * @throws NullPointerException if {@code clock} is null
   */
  public static InMemoryOneTimeTokenStore create(int maxTokens, Clock clock) {
    if (maxTokens < 1 || maxTokens > 100_000_000) {
      throw Errors.outOfRange("maxTokens", "between 1 and 100000000", maxTokens);
    }
    return new InMemoryOneTimeTokenStore(maxTokens, Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (entries.size() >= maxTokens) {
      Instant now = clock.instant();
      for (Map.Entry<String, Entry> e : entries.entrySet()) {
        if (!now.isBefore(e.getValue().dropAfter)) {
          entries.remove(e.getKey(), e.getValue());
        }
      }
      if (entries.size() >= maxTokens) {
        throw Errors.full("one-time tokens", maxTokens);
      }
    }
    entries.put(key, new Entry(value, clock.instant().plus(ttl)));
  }

  @Override
  public Optional<String> take(String key) {
    Entry e = entries.remove(key);
    return e == null ? Optional.empty() : Optional.of(e.value);
  }

  /**
   * Returns how many tokens are held, including expired ones not yet dropped.
   *
   * @return the count
   */
  public int size() {
    return entries.size();
  }

  @Override
  public String toString() {
    return "InMemoryOneTimeTokenStore[tokens=" + entries.size() + ", max=" + maxTokens + "]";
  }
}
