package io.hiroi.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
  void decisions_agreeWithTheReferenceGcra_onRandomTraffic_forOneAndForSeveralLimits() {
    InMemoryRateLimitBackend memory = InMemoryRateLimitBackend.builder().clock(clock).maxKeys(1_000_000).build();
    ReferenceGcraBackend reference = new ReferenceGcraBackend(clock);
    Limit[][] policies = {
      {Limit.perSecond("second", 3)},
      {Limit.perMinute("minute", 7).withBurst(2)},
      {Limit.perSecond("second", 5), Limit.perMinute("minute", 20)},
      {Limit.perSecond("second", 2).withBurst(4), Limit.perHour("hour", 50), Limit.perMinute("minute", 9)},
    };
    List<RateLimiter> fast = new ArrayList<>();
    List<RateLimiter> plain = new ArrayList<>();
    List<RateLimiter> viaPort = new ArrayList<>();
    RateLimitBackend port = new ForwardingBackend(InMemoryRateLimitBackend.builder().clock(clock).build());
    for (int p = 0; p < policies.length; p++) {
      fast.add(limiter("p" + p, memory, policies[p]));
      plain.add(limiter("p" + p, reference, policies[p]));
      viaPort.add(limiter("p" + p, port, policies[p]));
    }
    RateLimitKey[] keys = new RateLimitKey[6];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = RateLimitKey.user("user-" + k);
    }
    Random random = new Random(20261201);
    int allowed = 0;
    int denied = 0;
    for (int step = 0; step < 20_000; step++) {
      int p = random.nextInt(policies.length);
      RateLimitKey key = keys[random.nextInt(keys.length)];
      long maxPermits = policies[p][0].burst();
      for (Limit l : policies[p]) {
        maxPermits = Math.min(maxPermits, l.burst());
      }
      long permits = 1 + random.nextInt((int) maxPermits);
      Decision expected = plain.get(p).tryAcquire(key, permits);
      assertThat(fast.get(p).tryAcquire(key, permits)).as("step %d", step).isEqualTo(expected);
      assertThat(viaPort.get(p).tryAcquire(key, permits)).as("step %d via the port", step).isEqualTo(expected);
      if (expected.isAllowed()) {
        allowed++;
      } else {
        denied++;
      }
      int move = random.nextInt(10);
      if (move < 6) {
        clock.advance(Duration.ofNanos(random.nextInt(400_000_000)));
      } else if (move == 6) {
        clock.advance(Duration.ofMinutes(random.nextInt(3)));
      }
    }
    // Both branches of the algorithm were exercised, not only one.
    assertThat(allowed).isGreaterThan(2_000);
    assertThat(denied).isGreaterThan(2_000);
  }

  private static RateLimiter limiter(String name, RateLimitBackend backend, Limit... limits) {
    RateLimiter.Builder b = RateLimiter.builder(name, backend);
    for (Limit l : limits) {
      b.limit(l);
    }
    return b.build();
  }

  @Test
  void withoutAClock_timeIsTheSystemClocks_andNeverGoesBack() {
    InMemoryRateLimitBackend system = InMemoryRateLimitBackend.create();
    long wall = io.hiroi.ratelimit.internal.Micros.now(java.time.Clock.systemUTC());
    long last = system.now();
    assertThat(Math.abs(last - wall)).isLessThan(Duration.ofSeconds(2).toNanos() / 1000);
    for (int i = 0; i < 100_000; i++) {
      long t = system.now();
      assertThat(t).isGreaterThanOrEqualTo(last);
      last = t;
    }
    RateLimiter limiter = RateLimiter.builder("sys", system).limit(Limit.perHour("hour", 2)).build();
    RateLimitKey k = freshKey();
    assertThat(limiter.tryAcquire(k).outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(limiter.tryAcquire(k).outcome()).isEqualTo(Outcome.ALLOWED);
    Decision denied = limiter.tryAcquire(k);
    assertThat(denied.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(denied.retryAfter()).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));
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
