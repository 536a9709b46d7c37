package io.hiroi.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.ratelimit.FakeClock;
import io.hiroi.ratelimit.Limit;
import io.hiroi.ratelimit.Outcome;
import io.hiroi.ratelimit.RateLimitBackend;
import io.hiroi.ratelimit.RateLimitBackendContract;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.ratelimit.RateLimiter;
import io.hiroi.testing.RedisClusterEndpoint;
import io.hiroi.testing.RedisClusterExtension;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisClusterExtension.class)
class RedisClusterRateLimitBackendIT extends RateLimitBackendContract {
  private static RedisRateLimitBackend first;
  private static RedisRateLimitBackend second;

  @BeforeAll
  static void connect(RedisClusterEndpoint cluster) {
    first = RedisRateLimitBackend.connectCluster(cluster.redisUris());
    second = RedisRateLimitBackend.connectCluster(cluster.redisUris());
  }

  @AfterAll
  static void close() {
    first.close();
    second.close();
  }

  @Override
  protected RateLimitBackend backend(FakeClock clock) {
    return first.withClockForTests(clock);
  }

  @Override
  protected RateLimitBackend secondReplica(FakeClock clock) {
    return second.withClockForTests(clock);
  }

  @Test
  void multiLimitDecisions_runOnEveryMaster() {
    RateLimiter limiter =
        RateLimiter.builder("cluster", first).limit(Limit.perMinute("minute", 2)).limit(Limit.perHour("hour", 3)).timeout(TIMEOUT).build();
    Set<Integer> slots = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      RateLimitKey key = freshKey();
      slots.add(io.lettuce.core.cluster.SlotHash.getSlot("{" + key.value() + "}") * 3 / 16384);
      assertThat(limiter.tryAcquire(key).outcome()).isEqualTo(Outcome.ALLOWED);
      assertThat(limiter.tryAcquire(key).outcome()).isEqualTo(Outcome.ALLOWED);
      assertThat(limiter.tryAcquire(key).outcome()).isEqualTo(Outcome.DENIED);
    }
    assertThat(slots).containsExactlyInAnyOrder(0, 1, 2);
  }
}
