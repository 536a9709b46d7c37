package io.hiroi.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.ratelimit.AuthThrottle;
import io.hiroi.ratelimit.ConcurrencyLimiter;
import io.hiroi.ratelimit.ConcurrencyPermit;
import io.hiroi.ratelimit.Decision;
import io.hiroi.ratelimit.Limit;
import io.hiroi.ratelimit.Outcome;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.ratelimit.RateLimiter;
import io.hiroi.ratelimit.ThrottleDecision;
import io.hiroi.testing.DisposableRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis stopped, restarted and made slow under a running limiter: every answer in the meantime is
 * an UNAVAILABLE denial within about the timeout, never an exception or an allow, and decisions
 * are exact again once Redis is back, without a new backend.
 */
class RedisFaultIT {
  private static final Duration TIMEOUT = Duration.ofMillis(20);
  /** Slack for a loaded CI machine: an answer "within the timeout" may take this much longer. */
  private static final Duration SLACK = Duration.ofMillis(400);
  /** For checks of exact answers: long enough that no answer is lost to a busy machine. */
  private static final Duration PATIENT = Duration.ofSeconds(5);

  private static DisposableRedis redis;
  private static RedisRateLimitBackend backend;

  @BeforeAll
  static void start() {
    redis = DisposableRedis.start("ratelimit-fault");
    backend = RedisRateLimitBackend.connect(RedisURI.create(redis.endpoint().uri()));
  }

  @AfterAll
  static void stop() {
    backend.close();
    redis.close();
  }

  private static RateLimitKey freshKey() {
    return RateLimitKey.user(UUID.randomUUID().toString());
  }

  private static <T> T timed(Supplier<T> call, Duration limit) {
    long start = System.nanoTime();
    T result = call.get();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(limit);
    return result;
  }

  private static <T> T eventually(Supplier<T> call, java.util.function.Predicate<T> ok) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    T last = call.get();
    while (!ok.test(last) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      last = call.get();
    }
    return last;
  }

  @Test
  void redisStoppedAndRestarted_deniesAsUnavailable_thenIsExactAgain() {
    ConcurrentLinkedQueue<Outcome> heard = new ConcurrentLinkedQueue<>();
    RateLimiter limiter =
        RateLimiter.builder("fault", backend)
            .limit(Limit.perHour("hour", 3))
            .timeout(TIMEOUT)
            .listener((l, limit, outcome) -> heard.add(outcome))
            .build();
    ConcurrencyLimiter cap = ConcurrencyLimiter.builder("fault-sse", backend, 1).timeout(TIMEOUT).build();
    AuthThrottle throttle = AuthThrottle.builder("fault-login", backend).timeout(TIMEOUT).build();
    RateLimiter failOpen =
        RateLimiter.builder("fault-open", backend).limit(Limit.perHour("hour", 3)).timeout(TIMEOUT).insecureAllowFailOpen().build();
    RateLimitKey key = freshKey();
    assertThat(limiter.tryAcquire(key).outcome()).isEqualTo(Outcome.ALLOWED);
    ConcurrencyPermit held = cap.acquire(key);
    assertThat(held.isGranted()).isTrue();

    redis.stop();
    for (int i = 0; i < 20; i++) {
      Decision d = timed(() -> limiter.tryAcquire(key), TIMEOUT.plus(SLACK));
      assertThat(d.outcome()).isEqualTo(Outcome.UNAVAILABLE);
      assertThat(d.isAllowed()).isFalse();
      assertThat(d.retryAfter()).isEqualTo(Duration.ofSeconds(1));
      assertThat(d.headers().retryAfter()).contains("1");
    }
    ConcurrencyPermit refused = timed(() -> cap.acquire(freshKey()), TIMEOUT.plus(SLACK));
    assertThat(refused.isGranted()).isFalse();
    assertThat(refused.outcome()).isEqualTo(Outcome.UNAVAILABLE);
    assertThat(timed(held::renew, TIMEOUT.plus(SLACK))).isFalse();
    ThrottleDecision throttled = timed(() -> throttle.check(key, freshKey()), TIMEOUT.plus(SLACK));
    assertThat(throttled.outcome()).isEqualTo(Outcome.UNAVAILABLE);
    assertThat(throttled.isAllowed()).isFalse();
    Decision open = failOpen.tryAcquire(key);
    assertThat(open.outcome()).isEqualTo(Outcome.UNAVAILABLE);
    assertThat(open.isAllowed()).isTrue();
    CompletableFuture<Decision> async = limiter.tryAcquireAsync(key, 1).toCompletableFuture();
    assertThat(async.join().outcome()).isEqualTo(Outcome.UNAVAILABLE);
    assertThat(heard).contains(Outcome.UNAVAILABLE).doesNotContain(Outcome.DENIED);

    redis.restart();
    // The same instances answer again without a restart of their own. Each probe uses a new key:
    // a call that timed out on this side may still have run on the server.
    Decision back = eventually(() -> limiter.tryAcquire(freshKey()), d -> d.outcome() != Outcome.UNAVAILABLE);
    assertThat(back.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(back.remaining()).isEqualTo(2);
    ConcurrencyPermit probe = eventually(() -> cap.acquire(freshKey()), p -> p.outcome() != Outcome.UNAVAILABLE);
    assertThat(probe.isGranted()).isTrue();
    probe.close();

    // And exactly: instances on the same backend and names, with a timeout a loaded machine
    // cannot exceed, so that every answer below is the server's.
    RateLimiter patient = RateLimiter.builder("fault", backend).limit(Limit.perHour("hour", 3)).timeout(PATIENT).build();
    ConcurrencyLimiter patientCap = ConcurrencyLimiter.builder("fault-sse", backend, 1).timeout(PATIENT).build();
    RateLimitKey fresh = freshKey();
    assertThat(patient.tryAcquire(fresh).remaining()).isEqualTo(2);
    assertThat(patient.tryAcquire(fresh).remaining()).isEqualTo(1);
    assertThat(patient.tryAcquire(fresh).remaining()).isZero();
    assertThat(patient.tryAcquire(fresh).outcome()).isEqualTo(Outcome.DENIED);
    ConcurrencyPermit again = patientCap.acquire(fresh);
    assertThat(again.isGranted()).isTrue();
    assertThat(patientCap.acquire(fresh).outcome()).isEqualTo(Outcome.DENIED);
    again.close();
    assertThat(patientCap.acquire(fresh).isGranted()).isTrue();
  }

  @Test
  void slowRedis_isUnavailable_withinTheTimeout() throws Exception {
    RateLimiter limiter = RateLimiter.builder("slow", backend).limit(Limit.perHour("hour", 100)).timeout(TIMEOUT).build();
    RateLimitKey key = freshKey();
    assertThat(eventually(() -> limiter.tryAcquire(key), d -> d.outcome() == Outcome.ALLOWED).outcome()).isEqualTo(Outcome.ALLOWED);
    RedisClient client = RedisClient.create(redis.endpoint().uri().toString());
    try (StatefulRedisConnection<String, String> other = client.connect()) {
      CompletableFuture<String> sleeping =
          other
              .async()
              .dispatch(
                  CommandType.DEBUG,
                  new StatusOutput<>(StringCodec.UTF8),
                  new CommandArgs<>(StringCodec.UTF8).add("SLEEP").add("1"))
              .toCompletableFuture();
      // DEBUG SLEEP blocks the whole server for a second; wait until it has started.
      Decision during = eventually(() -> limiter.tryAcquire(key), d -> d.outcome() == Outcome.UNAVAILABLE);
      assertThat(during.outcome()).isEqualTo(Outcome.UNAVAILABLE);
      Decision stillSlow = timed(() -> limiter.tryAcquire(key), TIMEOUT.plus(SLACK));
      assertThat(stillSlow.isAllowed()).isFalse();
      sleeping.get();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    Decision after = eventually(() -> limiter.tryAcquire(key), d -> d.outcome() == Outcome.ALLOWED);
    assertThat(after.outcome()).isEqualTo(Outcome.ALLOWED);
  }
}
