package io.hiroi.ratelimit;

import io.hiroi.ratelimit.internal.Errors;
import io.hiroi.ratelimit.internal.Gcra;
import io.hiroi.ratelimit.internal.Micros;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;

/**
 * The embedded rate-limit backend: state in this JVM's memory, for a single instance (several
 * replicas need {@code RedisRateLimitBackend}, or each replica enforces its own limits).
 *
 * <p>Rate-limit decisions are lock-free: one map lookup and one compare-and-set of the key's
 * state. Memory is bounded: at most {@code maxKeys} keys of each kind (rate limits, connection
 * leases, failure counts) are held. A key whose state has run out (every limit whole again, every
 * lease expired, failures forgotten) is the same as an absent key and is swept away when the map
 * grows. When the map is full of live keys even after a sweep, a new key is refused with a
 * {@link RateLimitBackendException}, which the limiters turn into {@link Outcome#UNAVAILABLE}:
 * a flood of new keys is denied rather than allowed to push out the state of the keys it attacks.
 * Keys already held keep working.
 *
 * <p>Thread-safe; share one instance between every limiter of the JVM. Time comes from the
 * injected {@link Clock} (tests move a fake one).
 */
public final class InMemoryRateLimitBackend implements RateLimitBackend {
  /** How many keys of each kind the backend holds by default. */
  public static final long DEFAULT_MAX_KEYS = 100_000;

  private static final long[] DEAD = new long[0];
  private static final int MIN_INSERTS_BETWEEN_SWEEPS = 1024;

  private final Clock clock;
  private final long maxKeys;
  private final Table<CellKey, Cell> cells;
  private final Table<String, Map<String, Long>> leases;
  private final Table<String, long[]> failures;

  private InMemoryRateLimitBackend(Clock clock, long maxKeys) {
    this.clock = clock;
    this.maxKeys = maxKeys;
    this.cells = new Table<>(maxKeys, InMemoryRateLimitBackend::cellExpiry);
    this.leases = new Table<>(maxKeys, InMemoryRateLimitBackend::leasesExpiry);
    this.failures = new Table<>(maxKeys, f -> f[2]);
  }

  /**
   * Creates a backend with the system clock and {@link #DEFAULT_MAX_KEYS}.
   *
   * @return the backend
   */
  public static InMemoryRateLimitBackend create() {
    return builder().build();
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
   * Returns how many rate-limit keys the backend holds right now, swept or not.
   *
   * @return the count
   */
  public long size() {
    return cells.map.mappingCount();
  }

  /** Removes every key whose state has run out, now. */
  public void cleanUp() {
    long now = Micros.now(clock);
    cells.sweep(now, true);
    leases.sweep(now, true);
    failures.sweep(now, true);
  }

  @Override
  public CompletionStage<long[]> spend(String tag, List<String> names, long[] intervals, long[] tolerances, long permits) {
    try {
      return CompletableFuture.completedFuture(spendNow(tag, names, intervals, tolerances, permits));
    } catch (RateLimitBackendException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  long[] spendNow(String tag, List<String> names, long[] intervals, long[] tolerances, long permits) {
    CellKey key = new CellKey(tag, names.size() == 1 ? names.get(0) : names);
    long now = Micros.now(clock);
    while (true) {
      Cell cell = cells.map.get(key);
      if (cell == null) {
        long[] reply = Gcra.spend(null, now, intervals, tolerances, permits);
        if (reply[0] == 0) {
          return reply;
        }
        cells.makeRoom(now);
        Cell fresh = new Cell(java.util.Arrays.copyOfRange(reply, 2, reply.length));
        if (cells.map.putIfAbsent(key, fresh) == null) {
          return reply;
        }
        continue;
      }
      long[] tats = cell.tats.get();
      if (tats == DEAD) {
        cells.map.remove(key, cell);
        continue;
      }
      long[] reply = Gcra.spend(tats, now, intervals, tolerances, permits);
      if (reply[0] == 0 || cell.tats.compareAndSet(tats, java.util.Arrays.copyOfRange(reply, 2, reply.length))) {
        return reply;
      }
    }
  }

  @Override
  public CompletionStage<long[]> acquireLease(String tag, String name, String leaseId, int maxLeases, long ttlMicros) {
    long now = Micros.now(clock);
    String key = tag + '\n' + name;
    long[] reply = new long[2];
    try {
      if (!leases.map.containsKey(key)) {
        leases.makeRoom(now);
      }
      leases.map.compute(
          key,
          (k, held) -> {
            Map<String, Long> live = unexpired(held, now);
            if (live.size() >= maxLeases) {
              reply[1] = live.size();
              return live.isEmpty() ? null : live;
            }
            Map<String, Long> next = new HashMap<>(live);
            next.put(leaseId, now + ttlMicros);
            reply[0] = 1;
            reply[1] = next.size();
            return Collections.unmodifiableMap(next);
          });
    } catch (RateLimitBackendException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.completedFuture(reply);
  }

  @Override
  public CompletionStage<Boolean> renewLease(String tag, String name, String leaseId, long ttlMicros) {
    long now = Micros.now(clock);
    AtomicBoolean renewed = new AtomicBoolean();
    leases.map.computeIfPresent(
        tag + '\n' + name,
        (k, held) -> {
          Map<String, Long> live = unexpired(held, now);
          if (live.containsKey(leaseId)) {
            Map<String, Long> next = new HashMap<>(live);
            next.put(leaseId, now + ttlMicros);
            renewed.set(true);
            return Collections.unmodifiableMap(next);
          }
          return live.isEmpty() ? null : live;
        });
    return CompletableFuture.completedFuture(renewed.get());
  }

  @Override
  public CompletionStage<Void> releaseLease(String tag, String name, String leaseId) {
    leases.map.computeIfPresent(
        tag + '\n' + name,
        (k, held) -> {
          if (!held.containsKey(leaseId)) {
            return held;
          }
          Map<String, Long> next = new HashMap<>(held);
          next.remove(leaseId);
          return next.isEmpty() ? null : Collections.unmodifiableMap(next);
        });
    return CompletableFuture.completedFuture(null);
  }

  private static Map<String, Long> unexpired(Map<String, Long> held, long now) {
    if (held == null) {
      return Map.of();
    }
    boolean allLive = true;
    for (long expiry : held.values()) {
      allLive &= expiry > now;
    }
    if (allLive) {
      return held;
    }
    Map<String, Long> live = new HashMap<>();
    held.forEach((id, expiry) -> {
      if (expiry > now) {
        live.put(id, expiry);
      }
    });
    return Collections.unmodifiableMap(live);
  }

  @Override
  public CompletionStage<long[]> recordFailure(String tag, String name, long forgetMicros) {
    long now = Micros.now(clock);
    String key = tag + '\n' + name;
    try {
      if (!failures.map.containsKey(key)) {
        failures.makeRoom(now);
      }
    } catch (RateLimitBackendException e) {
      return CompletableFuture.failedFuture(e);
    }
    long[] state =
        failures.map.compute(
            key, (k, f) -> new long[] {f == null || f[2] <= now ? 1 : f[0] + 1, now, now + forgetMicros});
    return CompletableFuture.completedFuture(new long[] {state[0], now});
  }

  @Override
  public CompletionStage<long[]> failures(String tag, String name) {
    long now = Micros.now(clock);
    long[] f = failures.map.get(tag + '\n' + name);
    if (f == null || f[2] <= now) {
      return CompletableFuture.completedFuture(new long[] {0, 0, now});
    }
    return CompletableFuture.completedFuture(new long[] {f[0], f[1], now});
  }

  @Override
  public CompletionStage<Void> resetFailures(String tag, String name) {
    failures.map.remove(tag + '\n' + name);
    return CompletableFuture.completedFuture(null);
  }

  private static long cellExpiry(Cell cell) {
    long[] tats = cell.tats.get();
    return tats == DEAD ? Long.MIN_VALUE : Gcra.latest(tats);
  }

  private static long leasesExpiry(Map<String, Long> held) {
    long max = Long.MIN_VALUE;
    for (long expiry : held.values()) {
      max = Math.max(max, expiry);
    }
    return max;
  }

  @Override
  public String toString() {
    return "InMemoryRateLimitBackend{maxKeys=" + maxKeys + ", rateKeys=" + cells.map.mappingCount() + "}";
  }

  /**
   * A rate-limit cell's map key: the key's text and the limiter's storage names (one name, or the
   * list of them), compared by value. Hashing reuses both parts' cached hashes, so a decision
   * builds no string.
   */
  private static final class CellKey {
    private final String tag;
    private final Object names;
    private final int hash;

    CellKey(String tag, Object names) {
      this.tag = tag;
      this.names = names;
      this.hash = 31 * tag.hashCode() + names.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof CellKey)) {
        return false;
      }
      CellKey other = (CellKey) o;
      return hash == other.hash && tag.equals(other.tag) && names.equals(other.names);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** One key's TATs, replaced by compare-and-set; {@link #DEAD} once swept. */
  private static final class Cell {
    final AtomicReference<long[]> tats;

    Cell(long[] tats) {
      this.tats = new AtomicReference<>(tats);
    }

    boolean kill(long now) {
      long[] current = tats.get();
      return current != DEAD && Gcra.latest(current) <= now && tats.compareAndSet(current, DEAD);
    }
  }

  /**
   * A map bounded to {@code maxKeys} whose values run out at a known time. A sweep removes the
   * run-out values; sweeps run one at a time, only when the map is full or has grown by a quarter
   * since the last one, and never before the earliest time a value can have run out, so that a
   * flood of new keys cannot make every call pay for a sweep.
   */
  private static final class Table<K, V> {
    final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();
    private final long maxKeys;
    private final ToLongFunction<V> expiry;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final AtomicLong insertsSinceSweep = new AtomicLong();
    private volatile long nextSweepMicros = Long.MIN_VALUE;

    Table(long maxKeys, ToLongFunction<V> expiry) {
      this.maxKeys = maxKeys;
      this.expiry = expiry;
    }

    void makeRoom(long now) {
      long inserts = insertsSinceSweep.incrementAndGet();
      boolean full = map.mappingCount() >= maxKeys;
      if ((full || inserts >= Math.max(MIN_INSERTS_BETWEEN_SWEEPS, maxKeys / 4)) && now >= nextSweepMicros) {
        sweep(now, false);
      }
      if (map.mappingCount() >= maxKeys) {
        throw Errors.full(maxKeys);
      }
    }

    void sweep(long now, boolean force) {
      if (!sweeping.compareAndSet(false, true)) {
        return;
      }
      try {
        long earliest = Long.MAX_VALUE;
        for (Map.Entry<K, V> e : map.entrySet()) {
          V value = e.getValue();
          long runsOut = expiry.applyAsLong(value);
          if (runsOut <= now) {
            if (value instanceof Cell) {
              if (((Cell) value).kill(now)) {
                map.remove(e.getKey(), value);
              }
            } else {
              map.remove(e.getKey(), value);
            }
          } else {
            earliest = Math.min(earliest, runsOut);
          }
        }
        insertsSinceSweep.set(0);
        nextSweepMicros = force ? Long.MIN_VALUE : earliest;
      } finally {
        sweeping.set(false);
      }
    }
  }

  /**
   * Builds an {@link InMemoryRateLimitBackend}.
   *
   * <p>Not thread-safe; use it on one thread.
   */
  public static final class Builder {
    private Clock clock;
    private Long maxKeys;

    private Builder() {}

    /**
     * Sets the clock (default: the system UTC clock).
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException when {@code clock} is {@code null}
     * @throws IllegalStateException when already set
     */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      if (this.clock != null) {
        throw Errors.alreadySet("clock");
      }
      this.clock = clock;
      return this;
    }

    /**
     * Sets how many keys of each kind the backend holds (default {@link #DEFAULT_MAX_KEYS}).
     * Budget about 200 bytes per rate-limit key.
     *
     * @param maxKeys from 1 to 100,000,000
     * @return this builder
     * @throws IllegalArgumentException when out of range
     * @throws IllegalStateException when already set
     */
    public Builder maxKeys(long maxKeys) {
      if (maxKeys < 1 || maxKeys > 100_000_000) {
        throw Errors.outOfRange("maxKeys", "1 and 100000000", Long.toString(maxKeys));
      }
      if (this.maxKeys != null) {
        throw Errors.alreadySet("maxKeys");
      }
      this.maxKeys = maxKeys;
      return this;
    }

    /**
     * Builds the backend.
     *
     * @return the backend
     */
    public InMemoryRateLimitBackend build() {
      return new InMemoryRateLimitBackend(
          clock == null ? Clock.systemUTC() : clock, maxKeys == null ? DEFAULT_MAX_KEYS : maxKeys);
    }
  }
}
