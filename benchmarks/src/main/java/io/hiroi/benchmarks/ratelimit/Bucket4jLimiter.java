package io.hiroi.benchmarks.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Bucket4j as its documentation sets it up: locally, one {@link Bucket} per key in a
 * {@link ConcurrentHashMap} ({@code computeIfAbsent}); on Redis, the Lettuce compare-and-swap
 * {@code LettuceBasedProxyManager} with buckets that expire once refilled.
 */
final class Bucket4jLimiter implements Limiter {
  private final IntFunction<Bucket> buckets;
  private final AutoCloseable owned;

  private Bucket4jLimiter(IntFunction<Bucket> buckets, AutoCloseable owned) {
    this.buckets = buckets;
    this.owned = owned;
  }

  private static BucketConfiguration configuration(LimitSpec spec) {
    return BucketConfiguration.builder()
        .addLimit(limit -> limit.capacity(spec.permits).refillGreedy(spec.permits, spec.period))
        .build();
  }

  static Bucket4jLimiter local(LimitSpec spec, int keyCount) {
    BucketConfiguration configuration = configuration(spec);
    ConcurrentHashMap<String, Bucket> map = new ConcurrentHashMap<>();
    String[] keys = new String[keyCount];
    for (int i = 0; i < keyCount; i++) {
      keys[i] = "user-" + i;
    }
    return new Bucket4jLimiter(
        i -> map.computeIfAbsent(keys[i], k -> Bucket.builder().addLimit(configuration.getBandwidths()[0]).build()),
        null);
  }

  static Bucket4jLimiter redis(BenchRedis redis, LimitSpec spec, int keyCount) {
    RedisClient client = RedisClient.create(redis.resources(), redis.uri());
    StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
    LettuceBasedProxyManager<byte[]> proxies =
        Bucket4jLettuce.casBasedBuilder(connection)
            .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
            .build();
    BucketConfiguration configuration = configuration(spec);
    Supplier<BucketConfiguration> supplier = () -> configuration;
    Bucket[] buckets = new Bucket[keyCount];
    for (int i = 0; i < keyCount; i++) {
      buckets[i] = proxies.builder().build(("bucket4j:user-" + i).getBytes(StandardCharsets.UTF_8), supplier);
    }
    return new Bucket4jLimiter(
        i -> buckets[i],
        () -> {
          connection.close();
          client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        });
  }

  @Override
  public boolean tryAcquire(int key) {
    return buckets.apply(key).tryConsume(1);
  }

  @Override
  public long unavailable() {
    return 0;
  }

  @Override
  public void close() {
    Limiter.closeOwned(owned);
  }
}
