package io.hiroi.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.ratelimit.Decision;
import io.hiroi.ratelimit.FakeClock;
import io.hiroi.ratelimit.Limit;
import io.hiroi.ratelimit.Outcome;
import io.hiroi.ratelimit.RateLimitBackend;
import io.hiroi.ratelimit.RateLimitBackendContract;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.ratelimit.RateLimiter;
import io.hiroi.testing.RedisEndpoint;
import io.hiroi.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisRateLimitBackendIT extends RateLimitBackendContract {
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> first;
  private static StatefulRedisConnection<String, String> second;
  private static StatefulRedisConnection<String, String> admin;

  @BeforeAll
  static void connect(RedisEndpoint redis) {
    client = RedisClient.create(redis.uri().toString());
    client.setOptions(RedisRateLimitBackend.recommendedClientOptions());
    first = client.connect();
    second = client.connect();
    admin = client.connect();
  }

  @AfterAll
  static void close() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  @Override
  protected RateLimitBackend backend(FakeClock clock) {
    return RedisRateLimitBackend.using(first).withClockForTests(clock);
  }

  @Override
  protected RateLimitBackend secondReplica(FakeClock clock) {
    return RedisRateLimitBackend.using(second).withClockForTests(clock);
  }

  private static RateLimiter serverTimeLimiter(Limit limit) {
    return RateLimiter.builder("server-time", RedisRateLimitBackend.using(first)).limit(limit).timeout(TIMEOUT).build();
  }

  @Test
  void serverTime_allowsTheBurst_thenDenies_forAboutOneInterval() {
    RateLimiter limiter = serverTimeLimiter(Limit.perHour("hour", 3));
    RateLimitKey key = freshKey();
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire(key).outcome()).isEqualTo(Outcome.ALLOWED);
    }
    Decision denied = limiter.tryAcquire(key);
    assertThat(denied.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(denied.retryAfter()).isBetween(Duration.ofMinutes(19), Duration.ofMinutes(20));
  }

  @Test
  void keys_carryTheHashTag_andExpireWhenTheLimitIsWholeAgain() {
    RateLimitKey key = RateLimitKey.user("ttl-" + UUID.randomUUID());
    serverTimeLimiter(Limit.perMinute("minute", 6)).tryAcquire(key, 2);
    String name = "hiroi:{" + key.value() + "}:rl:server-time:minute";
    RedisCommands<String, String> redis = admin.sync();
    assertThat(redis.exists(name)).isEqualTo(1);
    // Two permits of one per 10 s: whole again in 20 s.
    assertThat(redis.pttl(name)).isBetween(19_000L, 20_000L);
  }

  @Test
  void oneDecision_isExactlyOneEvalsha() {
    RateLimiter limiter = serverTimeLimiter(Limit.perMinute("minute", 100));
    RateLimitKey key = freshKey();
    limiter.tryAcquire(key);
    long evalshaBefore = calls("evalsha");
    long evalBefore = calls("eval");
    for (int i = 0; i < 50; i++) {
      limiter.tryAcquire(key);
    }
    assertThat(calls("evalsha") - evalshaBefore).isEqualTo(50);
    assertThat(calls("eval") - evalBefore).isZero();
  }

  @Test
  void scriptCacheFlushed_isReloadedThroughOneEval() {
    RateLimiter limiter = serverTimeLimiter(Limit.perMinute("minute", 100));
    RateLimitKey key = freshKey();
    assertThat(limiter.tryAcquire(key).isAllowed()).isTrue();
    admin.sync().scriptFlush();
    assertThat(limiter.tryAcquire(key).remaining()).isEqualTo(98);
    assertThat(limiter.tryAcquire(key).remaining()).isEqualTo(97);
  }

  @Test
  void hostileKeys_makeBoundedRedisKeys() {
    String marker = UUID.randomUUID().toString();
    RateLimiter limiter = serverTimeLimiter(Limit.perMinute("minute", 1));
    for (String hostile : List.of("x".repeat(1_000_000) + marker, "a\nb{c}" + marker, "\u0000" + marker)) {
      limiter.tryAcquire(RateLimitKey.user(hostile));
    }
    limiter.tryAcquire(RateLimitKey.user(marker));
    List<String> keys = admin.sync().scan(ScanArgs.Builder.matches("hiroi:{user:*").limit(10_000)).getKeys();
    assertThat(keys).isNotEmpty().allSatisfy(k -> assertThat(k).hasSizeLessThan(150).doesNotContain("\n", "\u0000"));
    assertThat(keys).anySatisfy(k -> assertThat(k).isEqualTo("hiroi:{user:" + marker + "}:rl:server-time:minute"));
  }

  private static long calls(String command) {
    String stats = admin.sync().info("commandstats");
    for (String line : stats.split("\\R")) {
      if (line.startsWith("cmdstat_" + command + ":calls=")) {
        String rest = line.substring(("cmdstat_" + command + ":calls=").length());
        return Long.parseLong(rest.substring(0, rest.indexOf(',')));
      }
    }
    return 0;
  }
}
