package io.hiroi.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryRateLimitBackendTest extends RateLimitBackendContract {
  @Override
  protected RateLimitBackend backend(FakeClock clock) {
    return InMemoryRateLimitBackend.builder().clock(clock).build();
  }

  @Override
  protected RateLimitBackend secondReplica(FakeClock clock) {
    // One JVM is one replica: the second limiter shares the backend.
    return backend();
  }

  @Test
  void full_refusesNewKeys_asUnavailable_whileHeldKeysKeepWorking() {
    InMemoryRateLimitBackend small = InMemoryRateLimitBackend.builder().clock(clock).maxKeys(3).build();
    RateLimiter limiter = RateLimiter.builder("api", small).limit(Limit.perMinute("minute", 2)).build();
    RateLimitKey a = freshKey();
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire(i == 0 ? a : freshKey()).outcome()).isEqualTo(Outcome.ALLOWED);
    }
    Decision flooded = limiter.tryAcquire(freshKey());
    assertThat(flooded.outcome()).isEqualTo(Outcome.UNAVAILABLE);
    assertThat(flooded.isAllowed()).isFalse();
    assertThat(limiter.tryAcquire(a).outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(limiter.tryAcquire(a).outcome()).isEqualTo(Outcome.DENIED);
    assertThat(small.size()).isEqualTo(3);

    // Once the held keys are whole again they are swept and new keys fit.
    clock.advance(Duration.ofMinutes(1));
    assertThat(limiter.tryAcquire(freshKey()).outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(small.size()).isEqualTo(1);
  }

  @Test
  void idleKeys_areSwept_whenTheirStateHasRunOut() {
    InMemoryRateLimitBackend backend = InMemoryRateLimitBackend.builder().clock(clock).build();
    RateLimiter limiter = RateLimiter.builder("api", backend).limit(Limit.perSecond("second", 10)).build();
    for (int i = 0; i < 500; i++) {
      limiter.tryAcquire(freshKey());
    }
    assertThat(backend.size()).isEqualTo(500);
    clock.advance(Duration.ofMillis(99));
    backend.cleanUp();
    assertThat(backend.size()).isEqualTo(500);
    clock.advance(Duration.ofMillis(1));
    backend.cleanUp();
    assertThat(backend.size()).isZero();
  }

  @Test
  void builder_rejectsBadSettings() {
    assertThatThrownBy(() -> InMemoryRateLimitBackend.builder().maxKeys(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxKeys must be between 1 and 100000000, was 0");
    assertThatThrownBy(() -> InMemoryRateLimitBackend.builder().maxKeys(5).maxKeys(5))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxKeys was already set");
    assertThatThrownBy(() -> InMemoryRateLimitBackend.builder().clock(null)).isInstanceOf(NullPointerException.class).hasMessage("clock");
  }
}
