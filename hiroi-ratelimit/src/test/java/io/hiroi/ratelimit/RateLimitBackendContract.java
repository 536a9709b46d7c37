package io.hiroi.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link RateLimitBackend} passes, through the public limiters: in memory, on
 * a single Redis and on a Redis Cluster. Time is a {@link FakeClock} that the backends read (the
 * Redis backend passes it to its scripts instead of {@code TIME}), so every number is exact.
 */
public abstract class RateLimitBackendContract {
  protected FakeClock clock;
  private RateLimitBackend backend;
  private RateLimitKey key;

  /** A backend reading {@code clock}; a new one per test. */
  protected abstract RateLimitBackend backend(FakeClock clock);

  /** A second backend on the same state (another replica); the same object for memory. */
  protected abstract RateLimitBackend secondReplica(FakeClock clock);

  /** Timeout for limiters under test: generous, so a busy CI machine does not turn answers into UNAVAILABLE. */
  protected static final Duration TIMEOUT = Duration.ofSeconds(5);

  @BeforeEach
  void setUp() {
    clock = FakeClock.atRecentTime();
    backend = backend(clock);
    key = freshKey();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (backend instanceof AutoCloseable) {
      ((AutoCloseable) backend).close();
    }
  }

  /** The backend of the running test. */
  protected RateLimitBackend backend() {
    return backend;
  }

  protected static RateLimitKey freshKey() {
    return RateLimitKey.of("test", UUID.randomUUID().toString());
  }

  private RateLimiter limiter(Limit... limits) {
    return limiter(backend, "api", limits);
  }

  private static RateLimiter limiter(RateLimitBackend on, String name, Limit... limits) {
    RateLimiter.Builder b = RateLimiter.builder(name, on).timeout(TIMEOUT);
    for (Limit l : limits) {
      b.limit(l);
    }
    return b.build();
  }

  // ---- RateLimiter ----

  @Test
  void firstRequest_isAllowed_withTheBurstLessOneLeft() {
    Decision d = limiter(Limit.perMinute("minute", 5)).tryAcquire(key);

    assertThat(d.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(d.isAllowed()).isTrue();
    assertThat(d.remaining()).isEqualTo(4);
    assertThat(d.retryAfter()).isZero();
    assertThat(d.resetAfter()).isEqualTo(Duration.ofSeconds(12));
    assertThat(d.limit().name()).isEqualTo("minute");
  }

  @Test
  void burst_isAllowed_thenDenied_untilOneIntervalPasses() {
    RateLimiter limiter = limiter(Limit.perMinute("minute", 5));
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire(key).remaining()).isEqualTo(4 - i);
    }
    Decision denied = limiter.tryAcquire(key);
    assertThat(denied.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(denied.isAllowed()).isFalse();
    assertThat(denied.remaining()).isZero();
    assertThat(denied.retryAfter()).isEqualTo(Duration.ofSeconds(12));
    assertThat(denied.resetAfter()).isEqualTo(Duration.ofSeconds(60));

    clock.advance(Duration.ofSeconds(12).minusNanos(1000));
    assertThat(limiter.tryAcquire(key).retryAfter()).isEqualTo(Duration.ofNanos(1000));
    clock.advance(Duration.ofNanos(1000));
    assertThat(limiter.tryAcquire(key).outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(limiter.tryAcquire(key).outcome()).isEqualTo(Outcome.DENIED);
  }

  @Test
  void steadyTraffic_isAllowedBurstPlusElapsedOverInterval_neverADoubleBurst() {
    RateLimiter limiter = limiter(Limit.perMinute("minute", 5));
    int allowed = 0;
    // One request every 100 ms for 3 minutes, across every minute boundary a fixed window would have.
    for (int step = 0; step < 1800; step++) {
      if (limiter.tryAcquire(key).isAllowed()) {
        allowed++;
      }
      clock.advance(Duration.ofMillis(100));
    }
    // 5 at once, then one per 12 s: at 12.0 s, 24.0 s ... 179.9 s is the last step (14 more).
    assertThat(allowed).isEqualTo(5 + 14);
  }

  @Test
  void severalLimits_areSpentTogether_allOrNothing() {
    RateLimiter limiter = limiter(Limit.perMinute("minute", 5), Limit.perHour("hour", 7));
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire(key).isAllowed()).isTrue();
    }
    Decision minuteDenies = limiter.tryAcquire(key);
    assertThat(minuteDenies.limit().name()).isEqualTo("minute");
    assertThat(minuteDenies.retryAfter()).isEqualTo(Duration.ofSeconds(12));

    clock.advance(Duration.ofMinutes(1));
    assertThat(limiter.tryAcquire(key).isAllowed()).isTrue();
    Decision seventh = limiter.tryAcquire(key);
    assertThat(seventh.isAllowed()).isTrue();
    assertThat(seventh.remaining()).isZero();
    assertThat(seventh.limit().name()).isEqualTo("hour");

    Decision hourDenies = limiter.tryAcquire(key);
    assertThat(hourDenies.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(hourDenies.limit().name()).isEqualTo("hour");
    // hour: one permit per ceil(3600 s / 7) = 514,285,715 µs; 7 spent by t = 60 s.
    assertThat(hourDenies.retryAfter()).isEqualTo(Duration.ofNanos((514_285_715L - 60_000_000L) * 1000));
    clock.advance(Duration.ofHours(1));
    Decision fresh = limiter.tryAcquire(key);
    assertThat(fresh.remaining()).isEqualTo(4);
  }

  @Test
  void deniedRequest_spendsNothing_underAnyLimit() {
    RateLimiter limiter = limiter(Limit.perMinute("minute", 5), Limit.perHour("hour", 8));
    assertThat(limiter.tryAcquire(key, 5).isAllowed()).isTrue();
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.tryAcquire(key).isAllowed()).isFalse();
    }
    clock.advance(Duration.ofMinutes(1));
    Decision d = limiter.tryAcquire(key);
    assertThat(d.isAllowed()).isTrue();
    // 6 of the hour's 8 spent, not 16: the ten denials took nothing from it.
    assertThat(d.limit().name()).isEqualTo("hour");
    assertThat(d.remaining()).isEqualTo(2);
  }

  @Test
  void severalPermits_areSpentAtOnce_orNotAtAll() {
    RateLimiter limiter = limiter(Limit.perMinute("minute", 5));
    assertThat(limiter.tryAcquire(key, 3).remaining()).isEqualTo(2);
    Decision tooMany = limiter.tryAcquire(key, 3);
    assertThat(tooMany.isAllowed()).isFalse();
    assertThat(tooMany.remaining()).isEqualTo(2);
    assertThat(tooMany.retryAfter()).isEqualTo(Duration.ofSeconds(12));
    assertThat(limiter.tryAcquire(key, 2).isAllowed()).isTrue();
  }

  @Test
  void keysAndLimiters_areIndependent() {
    RateLimiter a = limiter(backend, "a", Limit.perMinute("minute", 1));
    RateLimiter b = limiter(backend, "b", Limit.perMinute("minute", 1));
    RateLimitKey other = freshKey();
    assertThat(a.tryAcquire(key).isAllowed()).isTrue();
    assertThat(a.tryAcquire(key).isAllowed()).isFalse();
    assertThat(a.tryAcquire(other).isAllowed()).isTrue();
    assertThat(b.tryAcquire(key).isAllowed()).isTrue();
  }

  @Test
  void hostileKeys_areBoundedAndKeptApart() {
    String unique = UUID.randomUUID().toString();
    List<RateLimitKey> keys =
        List.of(
            RateLimitKey.user("x".repeat(100_000) + unique),
            RateLimitKey.user("x".repeat(100_001) + unique),
            RateLimitKey.user("{" + unique + "}"),
            RateLimitKey.user("}{" + unique),
            RateLimitKey.user("line\r\nbreak" + unique),
            RateLimitKey.user("\u0000\u0001binary\uFFFF" + unique),
            RateLimitKey.user("\uD800" + unique),
            RateLimitKey.user(""),
            RateLimitKey.visitor(""),
            RateLimitKey.of("tenant", "*" + unique));
    RateLimiter limiter = limiter(Limit.perHour("hour", 1));
    limiter.tryAcquire(RateLimitKey.user(""));
    limiter.tryAcquire(RateLimitKey.visitor(""));
    for (RateLimitKey k : keys) {
      assertThat(k.value()).hasSizeLessThanOrEqualTo(90).doesNotContain("{", "}", "\n", "\r", "\u0000", " ");
      if (!k.value().endsWith(":#47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU")) {
        assertThat(limiter.tryAcquire(k).isAllowed()).as("%s", k).isTrue();
      }
      assertThat(limiter.tryAcquire(k).isAllowed()).as("%s", k).isFalse();
    }
  }

  @Test
  void manyThreads_onOneKey_admitExactlyTheBurst_acrossReplicas() throws Exception {
    RateLimiter first = limiter(backend, "race", Limit.perHour("hour", 50));
    RateLimitBackend second = secondReplica(clock);
    RateLimiter other = limiter(second, "race", Limit.perHour("hour", 50));
    int threads = 8;
    int attempts = 40;
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger unavailable = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        RateLimiter mine = t % 2 == 0 ? first : other;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < attempts; i++) {
                    Decision d = mine.tryAcquire(key);
                    if (d.outcome() == Outcome.ALLOWED) {
                      admitted.incrementAndGet();
                    } else if (d.outcome() == Outcome.UNAVAILABLE) {
                      unavailable.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      if (second != backend && second instanceof AutoCloseable) {
        ((AutoCloseable) second).close();
      }
    }
    assertThat(unavailable).hasValue(0);
    assertThat(admitted).hasValue(50);
  }

  @Test
  void asyncCall_completesWithTheSameAnswer() {
    RateLimiter limiter = limiter(Limit.perMinute("minute", 1));
    CompletableFuture<Decision> first = limiter.tryAcquireAsync(key, 1).toCompletableFuture();
    assertThat(first.join().isAllowed()).isTrue();
    assertThat(limiter.tryAcquireAsync(key, 1).toCompletableFuture().join().outcome()).isEqualTo(Outcome.DENIED);
  }

  @Test
  void listener_hearsEveryDecision_withTheDecidingLimit() {
    ConcurrentLinkedQueue<String> heard = new ConcurrentLinkedQueue<>();
    RateLimiter limiter =
        RateLimiter.builder("heard", backend)
            .limit(Limit.perMinute("minute", 1))
            .timeout(TIMEOUT)
            .listener((l, limit, outcome) -> heard.add(l + "/" + limit + "/" + outcome))
            .build();
    limiter.tryAcquire(key);
    limiter.tryAcquire(key);
    assertThat(heard).containsExactly("heard/minute/ALLOWED", "heard/minute/DENIED");
  }

  // ---- ConcurrencyLimiter ----

  private ConcurrencyLimiter cap(int max) {
    return ConcurrencyLimiter.builder("sse", backend, max).leaseTime(Duration.ofSeconds(30)).timeout(TIMEOUT).build();
  }

  @Test
  void concurrency_grantsUpToTheCap_andCloseGivesTheSlotBack() {
    ConcurrencyLimiter cap = cap(2);
    ConcurrencyPermit one = cap.acquire(key);
    ConcurrencyPermit two = cap.acquire(key);
    ConcurrencyPermit three = cap.acquire(key);
    assertThat(one.isGranted()).isTrue();
    assertThat(one.held()).isEqualTo(1);
    assertThat(two.isGranted()).isTrue();
    assertThat(two.held()).isEqualTo(2);
    assertThat(three.isGranted()).isFalse();
    assertThat(three.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(three.renew()).isFalse();
    three.close();

    one.close();
    one.close();
    assertThat(one.renew()).isFalse();
    ConcurrencyPermit four = cap.acquire(key);
    assertThat(four.isGranted()).isTrue();
    assertThat(cap.acquire(key).isGranted()).isFalse();
    assertThat(cap.acquire(freshKey()).isGranted()).isTrue();
  }

  @Test
  void concurrency_leaseOfACrashedHolder_expires_andRenewalKeepsALiveOne() {
    ConcurrencyLimiter cap = cap(1);
    ConcurrencyPermit live = cap.acquire(key);
    assertThat(live.isGranted()).isTrue();
    clock.advance(Duration.ofSeconds(20));
    assertThat(live.renew()).isTrue();
    clock.advance(Duration.ofSeconds(20));
    assertThat(cap.acquire(key).isGranted()).as("renewed 20 s ago, lease 30 s").isFalse();

    clock.advance(Duration.ofSeconds(10));
    // Not renewed for 30 s: as if its replica had crashed.
    assertThat(live.renew()).isFalse();
    ConcurrencyPermit next = cap.acquire(key);
    assertThat(next.isGranted()).isTrue();
    assertThat(next.held()).isEqualTo(1);
  }

  @Test
  void concurrency_manyThreads_getExactlyTheCap() throws Exception {
    ConcurrencyLimiter cap = cap(3);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<ConcurrencyPermit>> permits = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        permits.add(
            pool.submit(
                () -> {
                  start.await();
                  return cap.acquire(key);
                }));
      }
      start.countDown();
      int granted = 0;
      for (Future<ConcurrencyPermit> f : permits) {
        ConcurrencyPermit p = f.get(60, TimeUnit.SECONDS);
        assertThat(p.outcome()).isNotEqualTo(Outcome.UNAVAILABLE);
        granted += p.isGranted() ? 1 : 0;
      }
      assertThat(granted).isEqualTo(3);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- AuthThrottle ----

  private AuthThrottle throttle() {
    return AuthThrottle.builder("login", backend)
        .accountFreeFailures(3)
        .clientFreeFailures(5)
        .baseDelay(Duration.ofSeconds(1))
        .maxDelay(Duration.ofSeconds(10))
        .forgetAfter(Duration.ofMinutes(10))
        .timeout(TIMEOUT)
        .build();
  }

  @Test
  void throttle_allowsFreeFailures_thenBacksOffExponentially_upToTheCap() {
    AuthThrottle throttle = throttle();
    RateLimitKey account = freshKey();
    RateLimitKey client = freshKey();
    for (int i = 0; i < 2; i++) {
      assertThat(throttle.recordFailure(account, client).isAllowed()).isTrue();
    }
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ThrottleDecision after = throttle.recordFailure(account, client);
      assertThat(after.scope()).isEqualTo(ThrottleDecision.Scope.ACCOUNT);
      waits.add(after.retryAfter());
      assertThat(throttle.check(account, client).retryAfter()).isEqualTo(after.retryAfter());
      clock.advance(after.retryAfter());
      assertThat(throttle.check(account, client).isAllowed()).isTrue();
    }
    assertThat(waits).extracting(Duration::toMillis).containsExactly(1000L, 2000L, 4000L, 8000L, 10000L, 10000L);
  }

  @Test
  void throttle_success_forgetsTheAccount_butNotTheClient() {
    AuthThrottle throttle = throttle();
    RateLimitKey account = freshKey();
    RateLimitKey client = freshKey();
    for (int i = 0; i < 4; i++) {
      throttle.recordFailure(account, client);
    }
    assertThat(throttle.check(account, client).isAllowed()).isFalse();
    assertThat(throttle.recordSuccess(account, client)).isTrue();
    ThrottleDecision after = throttle.check(account, client);
    assertThat(after.isAllowed()).isTrue();
    assertThat(after.accountFailures()).isZero();
    assertThat(after.clientFailures()).isEqualTo(4);
  }

  @Test
  void throttle_oneClientSprayingManyAccounts_isSlowedDown() {
    AuthThrottle throttle = throttle();
    RateLimitKey client = freshKey();
    for (int i = 0; i < 5; i++) {
      assertThat(throttle.check(freshKey(), client).isAllowed()).isTrue();
      throttle.recordFailure(freshKey(), client);
    }
    ThrottleDecision sixth = throttle.check(freshKey(), client);
    assertThat(sixth.isAllowed()).isFalse();
    assertThat(sixth.scope()).isEqualTo(ThrottleDecision.Scope.CLIENT);
    assertThat(sixth.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(sixth.retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void throttle_manyClientsGuessingOneAccount_areSlowedDown() {
    AuthThrottle throttle = throttle();
    RateLimitKey account = freshKey();
    for (int i = 0; i < 3; i++) {
      throttle.recordFailure(account, freshKey());
    }
    ThrottleDecision fromNewClient = throttle.check(account, freshKey());
    assertThat(fromNewClient.isAllowed()).isFalse();
    assertThat(fromNewClient.scope()).isEqualTo(ThrottleDecision.Scope.ACCOUNT);
  }

  @Test
  void throttle_forgetsFailures_aQuietWhileAfterTheLast() {
    AuthThrottle throttle = throttle();
    RateLimitKey account = freshKey();
    RateLimitKey client = freshKey();
    for (int i = 0; i < 6; i++) {
      throttle.recordFailure(account, client);
    }
    clock.advance(Duration.ofMinutes(10));
    ThrottleDecision later = throttle.check(account, client);
    assertThat(later.isAllowed()).isTrue();
    assertThat(later.accountFailures()).isZero();
    assertThat(throttle.recordFailure(account, client).accountFailures()).isEqualTo(1);
  }
}
