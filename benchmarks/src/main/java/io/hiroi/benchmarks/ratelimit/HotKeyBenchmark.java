package io.hiroi.benchmarks.ratelimit;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * One hot key on Redis, decided by every thread through two limiter instances (each with its own
 * Redis connection, standing for two replicas; even threads use one, odd threads the other):
 * hiroi ({@code hiroi}: at most one Lua script call per decision, whatever the contention; the
 * decisions of one instance that arrive while one is in flight go together in one call when it
 * returns, so the busier the key the fewer calls per decision) beside Bucket4j
 * ({@code bucket4j}: its Lettuce compare-and-swap proxy manager, which reads the state, computes,
 * and retries its conditional write when another writer came first). The limit is never reached,
 * so every decision writes. Reports throughput and, in sample mode, the latency percentiles
 * (p99); after each iteration the Redis server's command counts are printed per decision.
 *
 * <p>Goal (issue 3): hiroi stays at (at most) one round trip per decision and at least 5x
 * Bucket4j's throughput with 4 and 8 threads. Run from the repository root:
 *
 * <pre>
 * mvn -B -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar HotKeyBenchmark -t 4
 * java -jar benchmarks/target/benchmarks.jar HotKeyBenchmark -t 8
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class HotKeyBenchmark {
  /** Which implementation: {@code hiroi} or {@code bucket4j}. */
  @Param({"hiroi", "bucket4j"})
  public String impl;

  private BenchRedis redis;
  private Limiter[] replicas;
  private final AtomicInteger threads = new AtomicInteger();
  private final Queue<Replica> chosen = new ConcurrentLinkedQueue<>();

  /** The limiter instance a thread uses, and its decision count this iteration. */
  @State(Scope.Thread)
  public static class Replica {
    Limiter limiter;
    long decisions;

    /**
     * Picks one of the two instances by the thread's arrival order.
     *
     * @param bench the benchmark
     */
    @Setup(Level.Trial)
    public void setUp(HotKeyBenchmark bench) {
      limiter = bench.replicas[bench.threads.getAndIncrement() % 2];
      bench.chosen.add(this);
    }
  }

  /** Starts Redis and builds the two instances. */
  @Setup(Level.Trial)
  public void setUp() {
    redis = BenchRedis.start("hot-" + impl);
    LimitSpec spec = LimitSpec.neverReached();
    replicas = new Limiter[2];
    for (int i = 0; i < 2; i++) {
      replicas[i] = impl.equals("hiroi") ? HiroiLimiter.redis(redis, spec, 1) : Bucket4jLimiter.redis(redis, spec, 1);
    }
    if (!replicas[0].tryAcquire(0) || !replicas[1].tryAcquire(0)) {
      throw new IllegalStateException(impl + " denied a first request");
    }
  }

  /** Zeroes the counts before each iteration. */
  @Setup(Level.Iteration)
  public void resetCounts() {
    chosen.forEach(r -> r.decisions = 0);
    redis.resetCommandStats();
  }

  /** Prints the Redis commands per decision of the iteration. */
  @TearDown(Level.Iteration)
  public void printCounts() {
    redis.printCommandsPerDecision(impl + "/hot-key", chosen.stream().mapToLong(r -> r.decisions).sum());
    long unavailable = replicas[0].unavailable() + replicas[1].unavailable();
    if (unavailable > 0) {
      System.out.printf("%n[%s/hot-key] %d decisions were UNAVAILABLE (timed out): figures not valid%n", impl, unavailable);
    }
  }

  /** Closes the instances and stops Redis. */
  @TearDown(Level.Trial)
  public void tearDown() {
    for (Limiter l : replicas) {
      l.close();
    }
    redis.close();
  }

  /**
   * Decides one permit of the hot key.
   *
   * @param replica the thread's instance
   * @return whether it was allowed (always, under this limit)
   */
  @Benchmark
  public boolean decide(Replica replica) {
    replica.decisions++;
    return replica.limiter.tryAcquire(0);
  }
}
