package io.hiroi.benchmarks.ratelimit;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One rate-limit decision for one of 10,000 keys (each thread walks the keys from a random start):
 * hiroi ({@code hiroi}) beside Bucket4j ({@code bucket4j}), in memory ({@code memory}: hiroi's
 * {@code InMemoryRateLimitBackend}, Bucket4j's local buckets in a {@code ConcurrentHashMap}) and on
 * one embedded Redis ({@code redis}: hiroi's Lua script, Bucket4j's Lettuce compare-and-swap proxy
 * manager). The limit is never reached, so every decision is an allow that writes new state: the
 * costliest path for both. After each Redis iteration the Redis server's own command counts are
 * printed as commands per decision.
 *
 * <p>Goals (issue 3): hiroi's Redis decision one round trip and at least 1.5x Bucket4j's Redis
 * throughput; hiroi in memory at least Bucket4j local's throughput; 1 and 4 threads. Run from the
 * repository root:
 *
 * <pre>
 * mvn -B -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar RateLimitBenchmark -t 1
 * java -jar benchmarks/target/benchmarks.jar RateLimitBenchmark -t 4
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class RateLimitBenchmark {
  /** Which implementation: {@code hiroi} or {@code bucket4j}. */
  @Param({"hiroi", "bucket4j"})
  public String impl;

  /** Where the state lives: {@code memory} or {@code redis}. */
  @Param({"memory", "redis"})
  public String backend;

  /** How many keys the decisions are spread over. */
  @Param("10000")
  public int keys;

  private BenchRedis redis;
  private Limiter limiter;
  private final Queue<Cursor> cursors = new ConcurrentLinkedQueue<>();

  /** Each thread's position in the keys, and how many decisions it made this iteration. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
    long decisions;

    /**
     * Starts at a random key and registers for the per-iteration count.
     *
     * @param bench the benchmark
     */
    @Setup(Level.Trial)
    public void setUp(RateLimitBenchmark bench) {
      next = ThreadLocalRandom.current().nextInt(bench.keys);
      bench.cursors.add(this);
    }
  }

  /** Starts Redis when needed and builds the limiter. */
  @Setup(Level.Trial)
  public void setUp() {
    LimitSpec spec = LimitSpec.neverReached();
    boolean hiroi = impl.equals("hiroi");
    if (backend.equals("memory")) {
      limiter = hiroi ? HiroiLimiter.inMemory(spec, keys) : Bucket4jLimiter.local(spec, keys);
    } else if (backend.equals("redis")) {
      redis = BenchRedis.start("bench-" + impl);
      limiter = hiroi ? HiroiLimiter.redis(redis, spec, keys) : Bucket4jLimiter.redis(redis, spec, keys);
    } else {
      throw new IllegalArgumentException("backend must be memory or redis, was " + backend);
    }
    if (!limiter.tryAcquire(0)) {
      throw new IllegalStateException(impl + " denied the first request");
    }
  }

  /** Zeroes the counts before each iteration. */
  @Setup(Level.Iteration)
  public void resetCounts() {
    cursors.forEach(c -> c.decisions = 0);
    if (redis != null) {
      redis.resetCommandStats();
    }
  }

  /** Prints the Redis commands per decision of the iteration. */
  @TearDown(Level.Iteration)
  public void printCounts() {
    long decisions = cursors.stream().mapToLong(c -> c.decisions).sum();
    if (redis != null) {
      redis.printCommandsPerDecision(impl + "/" + backend, decisions);
    }
    if (limiter.unavailable() > 0) {
      System.out.printf("%n[%s/%s] %d decisions were UNAVAILABLE (timed out): figures not valid%n", impl, backend, limiter.unavailable());
    }
  }

  /** Closes the limiter and stops Redis. */
  @TearDown(Level.Trial)
  public void tearDown() {
    limiter.close();
    if (redis != null) {
      redis.close();
    }
  }

  /**
   * Decides one permit for the thread's next key.
   *
   * @param cursor the thread's position
   * @return whether it was allowed (always, under this limit)
   */
  @Benchmark
  public boolean decide(Cursor cursor) {
    int key = cursor.next;
    cursor.next = key + 1 == keys ? 0 : key + 1;
    cursor.decisions++;
    return limiter.tryAcquire(key);
  }
}
