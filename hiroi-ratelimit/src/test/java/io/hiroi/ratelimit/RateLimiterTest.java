package io.hiroi.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final FakeClock clock = FakeClock.atRecentTime();
  private final InMemoryRateLimitBackend backend = InMemoryRateLimitBackend.builder().clock(clock).build();
  private final RateLimitKey key = RateLimitKey.user("42");

  /** A backend that never answers, or answers nonsense: the limiter must deny, not throw. */
  private static RateLimitBackend broken(CompletionStage<long[]> reply) {
    return new InMemoryRateLimitBackendDelegate(reply);
  }

  @Test
  void headers_followTheRateLimitDraft() {
    RateLimiter limiter =
        RateLimiter.builder("login", backend).limit(Limit.perMinute("minute", 5)).limit(Limit.perHour("hour", 100)).build();
    Decision allowed = limiter.tryAcquire(key);
    assertThat(allowed.headers().policy()).isEqualTo("\"minute\";q=5;w=60, \"hour\";q=100;w=3600");
    assertThat(allowed.headers().rateLimit()).isEqualTo("\"minute\";r=4;t=12");
    assertThat(allowed.headers().retryAfter()).isEmpty();
    limiter.tryAcquire(key, 4);
    clock.advance(Duration.ofMillis(500));
    Decision denied = limiter.tryAcquire(key);
    assertThat(denied.headers().rateLimit()).isEqualTo("\"minute\";r=0;t=60");
    assertThat(denied.headers().retryAfter()).contains("12");
    assertThat(denied.headers())
        .hasToString("RateLimit-Policy: \"minute\";q=5;w=60, \"hour\";q=100;w=3600, RateLimit: \"minute\";r=0;t=60, Retry-After: 12");
    assertThat(denied).hasToString("Decision{DENIED, denied, limit=minute, remaining=0, retryAfter=PT11.5S, resetAfter=PT59.5S}");
  }

  @Test
  void aBackendThatHangs_isUnavailable_afterTheTimeout() {
    RateLimiter limiter =
        RateLimiter.builder("hang", broken(new CompletableFuture<>())).limit(Limit.perMinute("m", 1)).timeout(Duration.ofMillis(5)).build();
    Decision d = limiter.tryAcquire(key);
    assertThat(d.outcome()).isEqualTo(Outcome.UNAVAILABLE);
    assertThat(d.isAllowed()).isFalse();
    assertThat(d.headers().retryAfter()).contains("1");
  }

  @Test
  void aBackendThatAnswersLater_isWaitedFor_withinTheTimeout() {
    CompletableFuture<long[]> later = new CompletableFuture<>();
    RateLimiter limiter =
        RateLimiter.builder("later", broken(later)).limit(Limit.perMinute("m", 1)).timeout(Duration.ofSeconds(10)).build();
    long now = 1_000_000_000L;
    CompletableFuture.delayedExecutor(20, java.util.concurrent.TimeUnit.MILLISECONDS)
        .execute(() -> later.complete(new long[] {1, now, now + 60_000_000L}));
    Decision d = limiter.tryAcquire(key);
    assertThat(d.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(d.remaining()).isZero();
  }

  @Test
  void anInterruptedCaller_isDeniedAsUnavailable_andKeepsItsInterrupt() {
    RateLimiter limiter =
        RateLimiter.builder("hang", broken(new CompletableFuture<>())).limit(Limit.perMinute("m", 1)).timeout(Duration.ofSeconds(10)).build();
    Thread.currentThread().interrupt();
    try {
      long start = System.nanoTime();
      Decision d = limiter.tryAcquire(key);
      assertThat(d.outcome()).isEqualTo(Outcome.UNAVAILABLE);
      assertThat(d.isAllowed()).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aBackendThatThrowsOrAnswersNonsense_isUnavailable() {
    for (CompletionStage<long[]> reply :
        List.<CompletionStage<long[]>>of(
            CompletableFuture.failedFuture(new RateLimitBackendException("down")),
            CompletableFuture.completedFuture(new long[] {1}),
            CompletableFuture.completedFuture(new long[] {7, 0, 0}),
            CompletableFuture.completedFuture(null))) {
      RateLimiter limiter = RateLimiter.builder("broken", broken(reply)).limit(Limit.perMinute("m", 1)).build();
      assertThat(limiter.tryAcquire(key).outcome()).isEqualTo(Outcome.UNAVAILABLE);
    }
    RateLimiter throwing =
        RateLimiter.builder("throws", broken(null)).limit(Limit.perMinute("m", 1)).insecureAllowFailOpen().build();
    Decision open = throwing.tryAcquire(key);
    assertThat(open.outcome()).isEqualTo(Outcome.UNAVAILABLE);
    assertThat(open.isAllowed()).isTrue();
  }

  @Test
  void aThrowingListener_doesNotChangeTheDecision() {
    RateLimiter limiter =
        RateLimiter.builder("noisy", backend)
            .limit(Limit.perMinute("m", 1))
            .listener((l, limit, o) -> {
              throw new IllegalStateException("listener bug");
            })
            .build();
    assertThat(limiter.tryAcquire(key).isAllowed()).isTrue();
    assertThat(limiter.tryAcquire(key).isAllowed()).isFalse();
  }

  @Test
  void misuse_isRejected_withTheSettingNamed() {
    RateLimiter limiter = RateLimiter.builder("api", backend).limit(Limit.perMinute("m", 5).withBurst(3)).limit(Limit.perHour("h", 10)).build();
    assertThatThrownBy(() -> limiter.tryAcquire(key, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits must be between 1 and the smallest burst, 3 (limit m), was 4: such a request could never be allowed");
    assertThatThrownBy(() -> limiter.tryAcquire(key, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter.tryAcquire(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThatThrownBy(() -> RateLimiter.builder("api", backend).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a rate limiter needs at least one limit");
    assertThatThrownBy(() -> RateLimiter.builder("api", backend).limit(Limit.perMinute("m", 1)).limit(Limit.perHour("m", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit names must be unique within a limiter, m appears twice");
    assertThatThrownBy(() -> RateLimiter.builder("api", backend).timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be between PT0.001S and PT10S, was PT0S");
    assertThatThrownBy(() -> RateLimiter.builder("api", backend).insecureAllowFailOpen().insecureAllowFailOpen())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("insecureAllowFailOpen was already set");
    assertThatThrownBy(() -> RateLimiter.builder("api", backend).unavailableRetryAfter(Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unavailableRetryAfter must be between PT1S and PT1H, was PT24H");
    RateLimiter.Builder nine = RateLimiter.builder("api", backend);
    for (int i = 0; i < 8; i++) {
      nine.limit(Limit.perMinute("l" + i, 1));
    }
    assertThatThrownBy(() -> nine.limit(Limit.perMinute("l8", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the number of limits must be between 1 and 8, was 9");
    assertThatThrownBy(() -> RateLimiter.builder("API", backend)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimiter.builder("api", null)).isInstanceOf(NullPointerException.class).hasMessage("backend");
  }

  @Test
  void concurrencyAndThrottle_misuse_isRejected() {
    assertThatThrownBy(() -> ConcurrencyLimiter.builder("sse", backend, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPermits must be between 1 and 10000, was 0");
    assertThatThrownBy(() -> ConcurrencyLimiter.builder("sse", backend, 1).leaseTime(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leaseTime must be between PT1S and P1D, was PT0.01S");
    assertThatThrownBy(() -> AuthThrottle.builder("login", backend).maxDelay(Duration.ofHours(2)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("forgetAfter must be between maxDelay (PT2H) and P30D, was PT1H");
    assertThatThrownBy(() -> AuthThrottle.builder("login", backend).baseDelay(Duration.ofMinutes(30)).maxDelay(Duration.ofMinutes(10)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDelay must be between baseDelay (PT30M) and P1D, was PT10M");
    assertThatThrownBy(() -> AuthThrottle.builder("login", backend).accountFreeFailures(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("accountFreeFailures must be between 1 and 1000, was 0");
  }

  @Test
  void throttleDelay_doublesWithoutOverflow() {
    AuthThrottle t = AuthThrottle.builder("t", backend).maxDelay(Duration.ofDays(1)).forgetAfter(Duration.ofDays(2)).build();
    assertThat(t.delayMicros(4, 5)).isZero();
    assertThat(t.delayMicros(5, 5)).isEqualTo(1_000_000);
    assertThat(t.delayMicros(15, 5)).isEqualTo(1_024_000_000);
    assertThat(t.delayMicros(Long.MAX_VALUE, 5)).isEqualTo(86_400_000_000L);
    assertThat(t.delayMicros(70, 5)).isEqualTo(86_400_000_000L);
  }
}
