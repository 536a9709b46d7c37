package io.hiroi.benchmarks.ratelimit;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.lang.management.ManagementFactory;
import java.util.function.BiFunction;

/**
 * Bytes per rate-limit key, hiroi beside Bucket4j, under a limit of 10 a day (state that lasts): in this JVM's heap (heap in use after a full
 * collection, before and after 100,000 keys each spend one permit, divided by the keys; the
 * callers' own key objects exist before the first reading and are not counted), and in Redis (the
 * server's {@code used_memory} growth per key, and the average {@code MEMORY USAGE} of 200 of the
 * keys). Not a JMH benchmark: a footprint is a count, not a time. Run from the repository root:
 *
 * <pre>
 * mvn -B -o -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.hiroi.benchmarks.ratelimit.Footprint
 * </pre>
 */
public final class Footprint {
  private static final int KEYS = 100_000;

  private Footprint() {}

  /**
   * Prints the figures.
   *
   * @param args none
   */
  public static void main(String[] args) {
    LimitSpec spec = LimitSpec.lasting();
    heap("hiroi in memory", () -> HiroiLimiter.inMemory(spec, KEYS));
    heap("bucket4j local", () -> Bucket4jLimiter.local(spec, KEYS));
    try (BenchRedis redis = BenchRedis.start("footprint")) {
      redis("hiroi on redis", redis, "hiroi:*", (r, n) -> HiroiLimiter.redis(r, spec, n));
      redis("bucket4j on redis", redis, "bucket4j:*", (r, n) -> Bucket4jLimiter.redis(r, spec, n));
    }
  }

  private static void heap(String label, java.util.function.Supplier<Limiter> build) {
    Limiter limiter = build.get();
    long before = usedHeap();
    for (int i = 0; i < KEYS; i++) {
      if (!limiter.tryAcquire(i)) {
        throw new IllegalStateException(label + " denied key " + i);
      }
    }
    long after = usedHeap();
    System.out.printf("%-20s heap: %6.1f bytes per key (%d keys)%n", label, (after - before) / (double) KEYS, KEYS);
    limiter.close();
  }

  private static long usedHeap() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static void redis(String label, BenchRedis redis, String pattern, BiFunction<BenchRedis, Integer, Limiter> build) {
    RedisCommands<String, String> r = redis.commands();
    r.flushall();
    try (Limiter limiter = build.apply(redis, KEYS)) {
      long before = usedMemory(r);
      for (int i = 0; i < KEYS; i++) {
        if (!limiter.tryAcquire(i)) {
          throw new IllegalStateException(label + " denied key " + i);
        }
      }
      long after = usedMemory(r);
      long sampled = 0;
      long total = 0;
      String sampleKey = null;
      KeyScanCursor<String> cursor = r.scan(ScanArgs.Builder.matches(pattern).limit(200));
      for (String key : cursor.getKeys()) {
        if (sampled == 200) {
          break;
        }
        total += r.memoryUsage(key);
        sampled++;
        sampleKey = key;
      }
      System.out.printf(
          "%-20s redis: %6.1f bytes per key of used_memory, MEMORY USAGE %.1f bytes (average of %d keys such as %s), %d keys%n",
          label, (after - before) / (double) KEYS, total / (double) Math.max(1, sampled), sampled, sampleKey, r.dbsize());
    }
  }

  private static long usedMemory(RedisCommands<String, String> r) {
    for (String line : r.info("memory").split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).trim());
      }
    }
    throw new IllegalStateException("INFO memory has no used_memory");
  }
}
