package io.hiroi.benchmarks.ratelimit;

import io.hiroi.ratelimit.Decision;
import io.hiroi.ratelimit.InMemoryRateLimitBackend;
import io.hiroi.ratelimit.Limit;
import io.hiroi.ratelimit.Outcome;
import io.hiroi.ratelimit.RateLimitBackend;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.ratelimit.RateLimiter;
import io.hiroi.ratelimit.redis.RedisRateLimitBackend;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/** hiroi's {@link RateLimiter} on its in-memory or its Redis backend. */
final class HiroiLimiter implements Limiter {
  private final AutoCloseable owned;
  private final RateLimiter limiter;
  private final RateLimitKey[] keys;
  private final LongAdder unavailable = new LongAdder();

  private HiroiLimiter(RateLimitBackend backend, AutoCloseable owned, LimitSpec spec, int keyCount) {
    this.owned = owned;
    // The timeout is raised from the 20 ms default so that a slow moment under 8 threads on a
    // 2-core machine is measured, not counted as a (fast) UNAVAILABLE denial; unavailable() says
    // whether any happened all the same.
    this.limiter =
        RateLimiter.builder("bench", backend)
            .limit(Limit.of("limit", spec.permits, spec.period))
            .timeout(Duration.ofSeconds(1))
            .build();
    this.keys = new RateLimitKey[keyCount];
    for (int i = 0; i < keyCount; i++) {
      keys[i] = RateLimitKey.user("user-" + i);
    }
  }

  static HiroiLimiter inMemory(LimitSpec spec, int keyCount) {
    return new HiroiLimiter(InMemoryRateLimitBackend.builder().maxKeys(Math.max(keyCount, 1024)).build(), null, spec, keyCount);
  }

  /** On a connection of the benchmark's own client, as a host that shares its Redis client would. */
  static HiroiLimiter redis(BenchRedis redis, LimitSpec spec, int keyCount) {
    RedisClient client = RedisClient.create(redis.resources(), RedisURI.create(redis.uri()));
    client.setOptions(RedisRateLimitBackend.recommendedClientOptions());
    StatefulRedisConnection<String, String> connection = client.connect();
    return new HiroiLimiter(
        RedisRateLimitBackend.using(connection),
        () -> {
          connection.close();
          client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        },
        spec,
        keyCount);
  }

  @Override
  public boolean tryAcquire(int key) {
    Decision d = limiter.tryAcquire(keys[key]);
    if (d.outcome() == Outcome.UNAVAILABLE) {
      unavailable.increment();
    }
    return d.isAllowed();
  }

  @Override
  public long unavailable() {
    return unavailable.sum();
  }

  @Override
  public void close() {
    Limiter.closeOwned(owned);
  }
}
