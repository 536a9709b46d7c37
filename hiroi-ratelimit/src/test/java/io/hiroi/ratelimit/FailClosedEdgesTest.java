package io.hiroi.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Edges where a limit could fail open or hold a slot for nothing: a full failure table, a lease
 * granted after its caller stopped waiting, keys that ran out after the last sweep, and a
 * throttle reply of the wrong shape.
 */
class FailClosedEdgesTest {
  private final FakeClock clock = FakeClock.atRecentTime();

  /** In memory, but the lease answers held back until released, and failures answered as set. */
  private static class Held extends ForwardingBackend {
    final CompletableFuture<Void> release = new CompletableFuture<>();
    boolean holdLeases;
    long[] failuresReply;

    Held(InMemoryRateLimitBackend memory) {
      super(memory);
    }

    @Override
    public CompletionStage<long[]> acquireLease(String tag, String name, String leaseId, int maxLeases, long ttlMicros) {
      CompletionStage<long[]> applied = super.acquireLease(tag, name, leaseId, maxLeases, ttlMicros); // done on the server
      return holdLeases ? release.thenCompose(v -> applied) : applied; // answered late
    }

    @Override
    public CompletionStage<long[]> failures(String tag, String name) {
      return failuresReply != null ? CompletableFuture.completedFuture(failuresReply) : super.failures(tag, name);
    }
  }

  @Test
  void aFullFailureTable_stillThrottlesGuessing() {
    InMemoryRateLimitBackend small = InMemoryRateLimitBackend.builder().clock(clock).maxKeys(2).build();
    AuthThrottle throttle = AuthThrottle.builder("login", small).build();
    throttle.recordFailure(RateLimitKey.account("filler"), RateLimitKey.user("filler-ip")); // two keys: full
    RateLimitKey victim = RateLimitKey.account("victim@example.com");
    RateLimitKey attacker = RateLimitKey.user("attacker-ip");
    ThrottleDecision first = throttle.check(victim, attacker);
    // No failure of these keys could be recorded, so "none yet" must not be the answer.
    assertThat(first.outcome()).isEqualTo(Outcome.UNAVAILABLE);
    assertThat(first.isAllowed()).isFalse();
    assertThat(throttle.check(RateLimitKey.account("filler"), RateLimitKey.user("filler-ip")).outcome())
        .as("keys the table holds are still read")
        .isNotEqualTo(Outcome.UNAVAILABLE);
    clock.advance(Duration.ofDays(2)); // the filler's failures are forgotten and swept: room again
    assertThat(throttle.check(victim, attacker).isAllowed()).isTrue();
  }

  @Test
  void aLeaseGrantedAfterItsCallerStoppedWaiting_isReleased() {
    InMemoryRateLimitBackend memory = InMemoryRateLimitBackend.builder().clock(clock).build();
    Held slow = new Held(memory);
    slow.holdLeases = true;
    ConcurrencyLimiter limiter = ConcurrencyLimiter.builder("sse", slow, 1).timeout(Duration.ofMillis(20)).build();
    RateLimitKey user = RateLimitKey.user("u1");
    ConcurrencyPermit timedOut = limiter.acquire(user);
    assertThat(timedOut.outcome()).isEqualTo(Outcome.UNAVAILABLE);
    timedOut.close();
    slow.release.complete(null); // the late answer arrives; the lease was taken on the server
    ConcurrencyLimiter fast = ConcurrencyLimiter.builder("sse", memory, 1).build();
    assertThat(fast.acquire(user).isGranted()).as("the timed-out call's lease still holds the only slot").isTrue();
  }

  @Test
  void keysThatRanOut_areSwept_evenWhenInsertedAfterTheLastSweep() {
    InMemoryRateLimitBackend small = InMemoryRateLimitBackend.builder().clock(clock).maxKeys(2000).build();
    RateLimiter hourly = RateLimiter.builder("hourly", small).limit(Limit.perHour("hour", 10)).build();
    RateLimiter perSecond = RateLimiter.builder("second", small).limit(Limit.perSecond("second", 10)).build();
    for (int i = 0; i < 1024; i++) { // the 1024th insert sweeps: nothing has run out, the earliest in 6 minutes
      assertThat(hourly.tryAcquire(RateLimitKey.user("h" + i)).isAllowed()).isTrue();
    }
    for (int i = 0; i < 976; i++) { // fills the backend with keys that run out in 100 ms
      assertThat(perSecond.tryAcquire(RateLimitKey.user("s" + i)).isAllowed()).isTrue();
    }
    assertThat(perSecond.tryAcquire(RateLimitKey.user("full")).outcome()).isEqualTo(Outcome.UNAVAILABLE);
    clock.advance(Duration.ofSeconds(2)); // 976 keys have run out
    assertThat(perSecond.tryAcquire(RateLimitKey.user("new")).outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(small.size()).isEqualTo(1025);
  }

  @Test
  void refusedKeys_doNotMakeEveryCallSweep() {
    InMemoryRateLimitBackend small = InMemoryRateLimitBackend.builder().clock(clock).maxKeys(2000).build();
    RateLimiter hourly = RateLimiter.builder("hourly", small).limit(Limit.perHour("hour", 10)).build();
    RateLimiter perSecond = RateLimiter.builder("second", small).limit(Limit.perSecond("second", 10)).build();
    for (int i = 0; i < 2000; i++) { // full of keys that run out in 6 minutes
      assertThat(hourly.tryAcquire(RateLimitKey.user("h" + i)).isAllowed()).isTrue();
    }
    long before = small.rateKeySweeps();
    for (int i = 0; i < 1000; i++) { // a flood of new keys that would run out in 100 ms, each refused
      clock.advance(Duration.ofMillis(10));
      assertThat(perSecond.tryAcquire(RateLimitKey.user("flood" + i)).outcome()).isEqualTo(Outcome.UNAVAILABLE);
    }
    // Nothing held runs out within these 10 s, so at most the one sweep when the table filled.
    assertThat(small.rateKeySweeps() - before).isLessThanOrEqualTo(1);
  }

  @Test
  void aThrottleReplyOfTheWrongShape_isUnavailable_notAnException() {
    for (long[] reply : new long[][] {{0}, {0, 0}, {0, 0, 0, 0}, {-1, 0, 0}}) {
      Held bad = new Held(InMemoryRateLimitBackend.create());
      bad.failuresReply = reply;
      AuthThrottle throttle = AuthThrottle.builder("login", bad).build();
      ThrottleDecision d = throttle.check(RateLimitKey.account("a"), RateLimitKey.user("c"));
      assertThat(d.outcome()).as(java.util.Arrays.toString(reply)).isEqualTo(Outcome.UNAVAILABLE);
      assertThat(d.isAllowed()).isFalse();
    }
  }
}
