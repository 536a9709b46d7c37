package io.hiroi.ratelimit;

import io.hiroi.ratelimit.internal.Errors;
import io.hiroi.ratelimit.internal.Gcra;
import io.hiroi.ratelimit.internal.Micros;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.util.Arrays;
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
 * Keys already held keep working. Reading the failure count of a key that is not held is refused
 * the same way while the failure table is full, since a failure of that key could not be recorded
 * ({@link AuthThrottle} then denies instead of reading "no failures yet"). A full map is swept
 * again as soon as the earliest of its values, including those added since the last sweep, runs
 * out.
 *
 * <p>Thread-safe; share one instance between every limiter of the JVM. Time comes from the
 * injected {@link Clock} (tests move a fake one).
 */
public final class InMemoryRateLimitBackend implements RateLimitBackend {
  /** How many keys of each kind the backend holds by default. */
  public static final long DEFAULT_MAX_KEYS = 100_000;

  private static final int MIN_INSERTS_BETWEEN_SWEEPS = 1024;

  private final Clock clock; // null: the system clock, read through nanoTime (see now())
  private final long anchorMicros;
  private final long anchorNanos;
  private final long maxKeys;
  private final Cells cells;
  private final Table<String, Map<String, Long>> leases;
  private final Table<String, long[]> failures;

  private InMemoryRateLimitBackend(Clock clock, long maxKeys) {
    this.clock = clock;
    this.anchorNanos = System.nanoTime();
    this.anchorMicros = Micros.now(Clock.systemUTC());
    this.maxKeys = maxKeys;
    this.cells = new Cells(maxKeys);
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
    return cells.count();
  }

  /** How many sweeps of the rate-limit keys have run; for tests. */
  long rateKeySweeps() {
    return cells.sweeps.get();
  }

  /** Removes every key whose state has run out, now. */
  public void cleanUp() {
    long now = now();
    cells.sweep(now, true);
    leases.sweep(now, true);
    failures.sweep(now, true);
  }

  @Override
  public CompletionStage<long[]> spend(String tag, List<String> names, long[] intervals, long[] tolerances, long permits) {
    if (intervals.length != names.size() || tolerances.length != names.size()) {
      throw new IllegalArgumentException("spend needs one interval and one tolerance per name");
    }
    try {
      return CompletableFuture.completedFuture(space(names).spend(tag, now(), intervals, tolerances, permits));
    } catch (RateLimitBackendException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Returns the cells of one limiter's storage names, created on first use and kept for the
   * backend's life (their number is that of the limiters, not of the keys). A {@link RateLimiter}
   * looks its space up once, at build, so a decision does no lookup by name.
   */
  Space space(List<String> names) {
    return cells.space(names);
  }

  /**
   * Returns the backend's time in microseconds: the injected clock's, or, when none was set, the
   * system clock's at build plus {@link System#nanoTime()} since (a call the JIT makes inline,
   * where {@code Clock.systemUTC().instant()} is a native call per decision; and monotonic, so a
   * wall-clock step neither refills nor drains the limits).
   */
  long now() {
    return clock == null ? anchorMicros + (System.nanoTime() - anchorNanos) / 1000 : Micros.now(clock);
  }

  @Override
  public CompletionStage<long[]> acquireLease(String tag, String name, String leaseId, int maxLeases, long ttlMicros) {
    long now = now();
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
    if (reply[0] == 1) {
      leases.inserted(now + ttlMicros);
    }
    return CompletableFuture.completedFuture(reply);
  }

  @Override
  public CompletionStage<Boolean> renewLease(String tag, String name, String leaseId, long ttlMicros) {
    long now = now();
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
    long now = now();
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
    failures.inserted(now + forgetMicros);
    return CompletableFuture.completedFuture(new long[] {state[0], now});
  }

  @Override
  public CompletionStage<long[]> failures(String tag, String name) {
    long now = now();
    long[] f = failures.map.get(tag + '\n' + name);
    if (f == null || f[2] <= now) {
      if (f == null && !failures.hasRoom(now)) {
        // A failure of this key could not be recorded now, so "none yet" would let every guess
        // through (recordFailure refuses while the table is full): the read fails as the write
        // would, and the throttle denies.
        return CompletableFuture.failedFuture(Errors.full(failures.maxKeys));
      }
      return CompletableFuture.completedFuture(new long[] {0, 0, now});
    }
    return CompletableFuture.completedFuture(new long[] {f[0], f[1], now});
  }

  @Override
  public CompletionStage<Void> resetFailures(String tag, String name) {
    failures.map.remove(tag + '\n' + name);
    return CompletableFuture.completedFuture(null);
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
    return "InMemoryRateLimitBackend{maxKeys=" + maxKeys + ", rateKeys=" + cells.count() + "}";
  }

  /**
   * The cells of one list of storage names (one limiter's limits), by key text. A decision is one
   * lookup by the key's text (whose hash the string caches) and one compare-and-set: it builds no
   * map key, and with a single limit it allocates nothing at all.
   */
  static final class Space {
    final ConcurrentHashMap<String, Cell> map = new ConcurrentHashMap<>();
    private final Cells owner;

    Space(Cells owner) {
      this.owner = owner;
    }

    /**
     * Runs one GCRA step for a single limit.
     *
     * @return the key's TAT before the step, {@code max(tat, now)} ({@code now} when none is
     *     stored); the step was allowed, and {@code tat + permits * interval} stored, exactly
     *     when {@link Gcra#fits} holds for it
     * @throws RateLimitBackendException when the key is new and the backend is full
     */
    long spendOne(String tag, long now, long interval, long tolerance, long permits) {
      while (true) {
        Cell cell = map.get(tag);
        if (cell == null) {
          if (!Gcra.fits(now, now, interval, tolerance, permits)) {
            return now;
          }
          owner.makeRoom(now);
          OneCell fresh = new OneCell(now + permits * interval);
          if (map.putIfAbsent(tag, fresh) == null) {
            owner.inserted(fresh.expiry());
            return now;
          }
          continue;
        }
        OneCell one = (OneCell) cell;
        long stored = one.tat;
        if (stored == OneCell.DEAD) {
          map.remove(tag, cell);
          continue;
        }
        long tat = Math.max(stored, now);
        if (!Gcra.fits(tat, now, interval, tolerance, permits) || one.swap(stored, tat + permits * interval)) {
          return tat;
        }
      }
    }

    /**
     * Runs one GCRA step for every limit of the space.
     *
     * @return the port's reply, {@code [allowed ? 1 : 0, now, tat_1 ... tat_n]}
     * @throws RateLimitBackendException when the key is new and the backend is full
     */
    long[] spend(String tag, long now, long[] intervals, long[] tolerances, long permits) {
      if (intervals.length == 1) {
        long tat = spendOne(tag, now, intervals[0], tolerances[0], permits);
        boolean allowed = Gcra.fits(tat, now, intervals[0], tolerances[0], permits);
        return new long[] {allowed ? 1 : 0, now, allowed ? tat + permits * intervals[0] : tat};
      }
      while (true) {
        Cell cell = map.get(tag);
        if (cell == null) {
          long[] reply = Gcra.spend(null, now, intervals, tolerances, permits);
          if (reply[0] == 0) {
            return reply;
          }
          owner.makeRoom(now);
          ManyCell fresh = new ManyCell(Arrays.copyOfRange(reply, 2, reply.length));
          if (map.putIfAbsent(tag, fresh) == null) {
            owner.inserted(fresh.expiry());
            return reply;
          }
          continue;
        }
        ManyCell many = (ManyCell) cell;
        long[] tats = many.tats.get();
        if (tats == ManyCell.DEAD) {
          map.remove(tag, cell);
          continue;
        }
        long[] reply = Gcra.spend(tats, now, intervals, tolerances, permits);
        if (reply[0] == 0 || many.tats.compareAndSet(tats, Arrays.copyOfRange(reply, 2, reply.length))) {
          return reply;
        }
      }
    }
  }

  /**
   * One key's state under one space: its TATs, replaced by compare-and-set, and killed (marked
   * dead, so that no spend can revive it) before a sweep removes it.
   */
  abstract static class Cell {
    /** Returns when every limit has its whole burst back; {@link Long#MIN_VALUE} once dead. */
    abstract long expiry();

    /** Marks the cell dead if its state has run out by {@code now}; says whether it did. */
    abstract boolean kill(long now);
  }

  /** A single limit's TAT in a plain field; {@link #DEAD} once swept. */
  static final class OneCell extends Cell {
    static final long DEAD = Long.MIN_VALUE;
    private static final VarHandle TAT;

    static {
      try {
        TAT = MethodHandles.lookup().findVarHandle(OneCell.class, "tat", long.class);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }

    volatile long tat;

    OneCell(long tat) {
      this.tat = tat;
    }

    boolean swap(long expected, long next) {
      return TAT.compareAndSet(this, expected, next);
    }

    @Override
    long expiry() {
      long t = tat;
      return t == DEAD ? Long.MIN_VALUE : t;
    }

    @Override
    boolean kill(long now) {
      long t = tat;
      return t != DEAD && t <= now && swap(t, DEAD);
    }
  }

  /** Several limits' TATs in one array; {@link #DEAD} once swept. */
  static final class ManyCell extends Cell {
    static final long[] DEAD = new long[0];
    final AtomicReference<long[]> tats;

    ManyCell(long[] tats) {
      this.tats = new AtomicReference<>(tats);
    }

    @Override
    long expiry() {
      long[] t = tats.get();
      return t == DEAD ? Long.MIN_VALUE : Gcra.latest(t);
    }

    @Override
    boolean kill(long now) {
      long[] current = tats.get();
      return current != DEAD && Gcra.latest(current) <= now && tats.compareAndSet(current, DEAD);
    }
  }

  /**
   * Keeps a count of keys under {@code maxKeys} by sweeping away values that have run out. Sweeps
   * run one at a time, only when the store is full or has grown by a quarter since the last one,
   * and never before the earliest time a value can have run out, so that a flood of new keys
   * cannot make every call pay for a sweep.
   */
  private abstract static class Bounded {
    final long maxKeys;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final AtomicLong insertsSinceSweep = new AtomicLong();
    /** Sweeps run so far (tests check that a flood cannot make every call sweep). */
    final AtomicLong sweeps = new AtomicLong();
    private volatile long nextSweepMicros = Long.MIN_VALUE;
    private static final VarHandle NEXT_SWEEP;

    static {
      try {
        NEXT_SWEEP = MethodHandles.lookup().findVarHandle(Bounded.class, "nextSweepMicros", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    Bounded(long maxKeys) {
      this.maxKeys = maxKeys;
    }

    /** Returns how many keys are held, swept or not. */
    abstract long count();

    /** Removes the values run out by {@code now}; returns the earliest expiry of those left. */
    abstract long removeRunOut(long now);

    /**
     * Makes room for a new key, or throws when there is none: a full table is swept, but not
     * before the earliest time one of its values runs out ({@link #inserted} keeps that time).
     */
    void makeRoom(long now) {
      long inserts = insertsSinceSweep.incrementAndGet();
      boolean full = count() >= maxKeys;
      if ((full || inserts >= Math.max(MIN_INSERTS_BETWEEN_SWEEPS, maxKeys / 4)) && now >= nextSweepMicros) {
        sweep(now, false);
      }
      if (count() >= maxKeys) {
        throw Errors.full(maxKeys);
      }
    }

    /**
     * Notes a key just inserted whose value runs out at {@code expiry}, so that a full table is
     * swept when it runs out even if that is sooner than every value the last sweep left. Only a
     * key actually held lowers the time: a refused one must not, or a flood of refused short-lived
     * keys would make every call pay for a sweep.
     */
    void inserted(long expiry) {
      lowerNextSweep(expiry);
    }

    private void lowerNextSweep(long time) {
      for (long next = nextSweepMicros; time < next; next = nextSweepMicros) {
        if (NEXT_SWEEP.compareAndSet(this, next, time)) {
          return;
        }
      }
    }

    /**
     * Says whether a key not held could be added now (sweeping a full table when it is due),
     * without adding it: a read of such a key must fail when its write would.
     */
    boolean hasRoom(long now) {
      if (count() >= maxKeys && now >= nextSweepMicros) {
        sweep(now, false);
      }
      return count() < maxKeys;
    }

    void sweep(long now, boolean force) {
      if (!sweeping.compareAndSet(false, true)) {
        return;
      }
      try {
        // Keys inserted while the sweep runs lower the time from here (inserted); the sweep's
        // own earliest time then only lowers it further.
        nextSweepMicros = Long.MAX_VALUE;
        sweeps.incrementAndGet();
        long left = removeRunOut(now);
        insertsSinceSweep.set(0);
        lowerNextSweep(force ? Long.MIN_VALUE : left);
      } finally {
        sweeping.set(false);
      }
    }
  }

  /** The rate-limit cells: one {@link Space} per list of storage names, bounded together. */
  static final class Cells extends Bounded {
    private final ConcurrentHashMap<List<String>, Space> spaces = new ConcurrentHashMap<>();

    Cells(long maxKeys) {
      super(maxKeys);
    }

    Space space(List<String> names) {
      Space space = spaces.get(names);
      return space != null ? space : spaces.computeIfAbsent(List.copyOf(names), n -> new Space(this));
    }

    @Override
    long count() {
      long count = 0;
      for (Space space : spaces.values()) {
        count += space.map.mappingCount();
      }
      return count;
    }

    @Override
    long removeRunOut(long now) {
      long earliest = Long.MAX_VALUE;
      for (Space space : spaces.values()) {
        for (Map.Entry<String, Cell> e : space.map.entrySet()) {
          Cell cell = e.getValue();
          long runsOut = cell.expiry();
          if (runsOut > now) {
            earliest = Math.min(earliest, runsOut);
          } else if (cell.kill(now)) {
            space.map.remove(e.getKey(), cell);
          }
        }
      }
      return earliest;
    }
  }

  /** A map of leases or failure counts bounded to {@code maxKeys}, whose values run out at a known time. */
  private static final class Table<K, V> extends Bounded {
    final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();
    private final ToLongFunction<V> expiry;

    Table(long maxKeys, ToLongFunction<V> expiry) {
      super(maxKeys);
      this.expiry = expiry;
    }

    @Override
    long count() {
      return map.mappingCount();
    }

    @Override
    long removeRunOut(long now) {
      long earliest = Long.MAX_VALUE;
      for (Map.Entry<K, V> e : map.entrySet()) {
        long runsOut = expiry.applyAsLong(e.getValue());
        if (runsOut <= now) {
          map.remove(e.getKey(), e.getValue());
        } else {
          earliest = Math.min(earliest, runsOut);
        }
      }
      return earliest;
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
     * Sets the clock (default: the system UTC clock, read once at build and then advanced by
     * {@link System#nanoTime()}, which is cheaper per decision and never steps backwards).
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
      return new InMemoryRateLimitBackend(clock, maxKeys == null ? DEFAULT_MAX_KEYS : maxKeys);
    }
  }
}
