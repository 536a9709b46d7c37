package io.hiroi.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.ratelimit.RateLimitBackendException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link SpendLanes} on a sender whose calls the test answers by hand (the scheduling part only;
 * what Redis decides for a batch is {@code RedisRateLimitBackendIT}'s): a quiet key is sent at
 * once, decisions arriving while a call of their key is in flight go together in arrival order
 * when it returns, the reply is split per decision, and what can go wrong (a failed call, a bad
 * reply, a caller that gave up, a full queue, a sender that throws) loses no decision and leaves
 * no lane behind.
 */
class SpendLanesTest {
  private static final long[] INTERVALS = {1_000};
  private static final long[] TOLERANCES = {10_000};

  /** The calls sent, each with its batch and the future the test completes. */
  private static final class Calls implements SpendLanes.Sender {
    final List<List<SpendLanes.Spend>> batches = new ArrayList<>();
    final List<CompletableFuture<long[]>> replies = new ArrayList<>();

    @Override
    public synchronized CompletionStage<long[]> send(List<SpendLanes.Spend> batch) {
      batches.add(List.copyOf(batch));
      CompletableFuture<long[]> reply = new CompletableFuture<>();
      replies.add(reply);
      return reply;
    }

    /** Answers call {@code i} as Redis would: per decision {allowed, now, tat}, tat = 100 + permits. */
    void answer(int i) {
      List<SpendLanes.Spend> batch = batches.get(i);
      long[] reply = new long[3 * batch.size()];
      for (int d = 0; d < batch.size(); d++) {
        reply[3 * d] = 1;
        reply[3 * d + 1] = 100;
        reply[3 * d + 2] = 100 + batch.get(d).permits;
      }
      replies.get(i).complete(reply);
    }
  }

  private static SpendLanes.Spend spend(String key, long permits) {
    return new SpendLanes.Spend(new String[] {key}, INTERVALS, TOLERANCES, permits);
  }

  @Test
  void aQuietKey_isSentAtOnce_aloneAndWithItsOwnReply() {
    Calls calls = new Calls();
    SpendLanes lanes = new SpendLanes(calls, 1);
    CompletableFuture<long[]> a = lanes.spend(spend("k", 1)).toCompletableFuture();
    assertThat(calls.batches).hasSize(1);
    assertThat(lanes.busyKeys()).isEqualTo(1);
    calls.answer(0);
    assertThat(a.join()).containsExactly(1, 100, 101);
    assertThat(lanes.busyKeys()).isZero();
  }

  @Test
  void decisionsArrivingDuringACall_goTogetherInArrivalOrder_whenItReturns() {
    Calls calls = new Calls();
    SpendLanes lanes = new SpendLanes(calls, 1);
    CompletableFuture<long[]> first = lanes.spend(spend("k", 1)).toCompletableFuture();
    List<CompletableFuture<long[]>> waiting = new ArrayList<>();
    for (int p = 2; p <= 6; p++) {
      waiting.add(lanes.spend(spend("k", p)).toCompletableFuture());
    }
    CompletableFuture<long[]> otherKey = lanes.spend(spend("other", 9)).toCompletableFuture();
    assertThat(calls.batches).hasSize(2); // "k" once, "other" at once: keys do not wait for each other
    assertThat(waiting).noneMatch(CompletableFuture::isDone);

    calls.answer(0);
    assertThat(first.join()).containsExactly(1, 100, 101);
    assertThat(calls.batches).hasSize(3);
    assertThat(calls.batches.get(2)).extracting(s -> s.permits).containsExactly(2L, 3L, 4L, 5L, 6L);
    assertThat(waiting).noneMatch(CompletableFuture::isDone);

    calls.answer(2);
    for (int i = 0; i < waiting.size(); i++) {
      assertThat(waiting.get(i).join()).containsExactly(1, 100, 100 + i + 2);
    }
    assertThat(otherKey).isNotDone();
    calls.answer(1);
    assertThat(otherKey.join()).containsExactly(1, 100, 109);
    assertThat(lanes.busyKeys()).isZero();
  }

  @Test
  void byDefault_twoCallsOfAKeyGoAtOnce_theNextWaitForEither() {
    Calls calls = new Calls();
    SpendLanes lanes = new SpendLanes(calls);
    CompletableFuture<long[]> a = lanes.spend(spend("k", 1)).toCompletableFuture();
    CompletableFuture<long[]> b = lanes.spend(spend("k", 2)).toCompletableFuture();
    CompletableFuture<long[]> c = lanes.spend(spend("k", 3)).toCompletableFuture();
    CompletableFuture<long[]> d = lanes.spend(spend("k", 4)).toCompletableFuture();
    assertThat(calls.batches).extracting(x -> x.get(0).permits).containsExactly(1L, 2L);

    calls.answer(1); // the second returns first: the waiting two go together
    assertThat(b.join()).containsExactly(1, 100, 102);
    assertThat(calls.batches.get(2)).extracting(s -> s.permits).containsExactly(3L, 4L);
    CompletableFuture<long[]> e = lanes.spend(spend("k", 5)).toCompletableFuture();
    assertThat(calls.batches).hasSize(3); // two in flight again: e waits

    calls.answer(0);
    assertThat(a.join()).containsExactly(1, 100, 101);
    assertThat(calls.batches.get(3)).extracting(s -> s.permits).containsExactly(5L);
    calls.answer(2);
    calls.answer(3);
    assertThat(c.join()).containsExactly(1, 100, 103);
    assertThat(d.join()).containsExactly(1, 100, 104);
    assertThat(e.join()).containsExactly(1, 100, 105);
    assertThat(lanes.busyKeys()).isZero();
  }

  @Test
  void aBatch_takesAtMostMaxBatch_theRestFollowInOrder() {
    Calls calls = new Calls();
    SpendLanes lanes = new SpendLanes(calls, 1);
    lanes.spend(spend("k", 1));
    int queued = SpendLanes.MAX_BATCH + 5;
    List<CompletableFuture<long[]>> waiting = new ArrayList<>();
    for (int i = 0; i < queued; i++) {
      waiting.add(lanes.spend(spend("k", 1 + i % 3)).toCompletableFuture());
    }
    calls.answer(0);
    assertThat(calls.batches.get(1)).hasSize(SpendLanes.MAX_BATCH);
    calls.answer(1);
    assertThat(calls.batches.get(2)).hasSize(5);
    calls.answer(2);
    for (int i = 0; i < queued; i++) {
      assertThat(waiting.get(i).join()[2]).isEqualTo(100 + 1 + i % 3);
    }
    assertThat(lanes.busyKeys()).isZero();
  }

  @Test
  void otherLimitsOnTheSameFirstKey_waitForTheirOwnCall_orderKept() {
    Calls calls = new Calls();
    SpendLanes lanes = new SpendLanes(calls, 1);
    lanes.spend(spend("k", 1));
    lanes.spend(spend("k", 2));
    lanes.spend(new SpendLanes.Spend(new String[] {"k"}, new long[] {7}, TOLERANCES, 3));
    lanes.spend(new SpendLanes.Spend(new String[] {"k", "k2"}, new long[] {1_000, 1_000}, new long[] {1, 1}, 4));
    lanes.spend(spend("k", 5));
    calls.answer(0);
    calls.answer(1);
    calls.answer(2);
    calls.answer(3);
    assertThat(calls.batches).extracting(b -> b.stream().map(s -> s.permits).toList())
        .containsExactly(List.of(1L), List.of(2L), List.of(3L), List.of(4L), List.of(5L));
  }

  @Test
  void aFailedCall_failsItsDecisions_andTheNextBatchIsStillSent() {
    Calls calls = new Calls();
    SpendLanes lanes = new SpendLanes(calls, 1);
    CompletableFuture<long[]> first = lanes.spend(spend("k", 1)).toCompletableFuture();
    CompletableFuture<long[]> second = lanes.spend(spend("k", 2)).toCompletableFuture();
    calls.replies.get(0).completeExceptionally(new IllegalStateException("connection reset"));
    assertThat(first).isCompletedExceptionally();
    assertThat(calls.batches).hasSize(2);
    calls.answer(1);
    assertThat(second.join()).containsExactly(1, 100, 102);
    assertThat(lanes.busyKeys()).isZero();
  }

  @Test
  void aReplyOfTheWrongLength_isABadReplyForEveryDecisionOfTheBatch() {
    Calls calls = new Calls();
    SpendLanes lanes = new SpendLanes(calls, 1);
    lanes.spend(spend("k", 1));
    CompletableFuture<long[]> a = lanes.spend(spend("k", 1)).toCompletableFuture();
    CompletableFuture<long[]> b = lanes.spend(spend("k", 1)).toCompletableFuture();
    calls.answer(0);
    calls.replies.get(1).complete(new long[] {1, 100, 101, 1, 100}); // 5 integers for 2 decisions
    assertThat(a.join()).isNull(); // the limiter reports a null reply as a bad reply: unavailable
    assertThat(b.join()).isNull();

    lanes.spend(spend("k", 1)); // in flight alone; the next two wait and go together
    CompletableFuture<long[]> c = lanes.spend(spend("k", 1)).toCompletableFuture();
    CompletableFuture<long[]> d = lanes.spend(spend("k", 1)).toCompletableFuture();
    calls.answer(2);
    assertThat(calls.batches.get(3)).hasSize(2);
    calls.replies.get(3).complete(null); // no reply at all: the same, not an exception lost in a callback
    assertThat(c).isCompletedWithValue(null);
    assertThat(d).isCompletedWithValue(null);
    assertThat(lanes.busyKeys()).isZero();
  }

  @Test
  void aDecisionWhoseCallerGaveUp_isNotSent() {
    Calls calls = new Calls();
    SpendLanes lanes = new SpendLanes(calls, 1);
    lanes.spend(spend("k", 1));
    CompletableFuture<long[]> abandoned = lanes.spend(spend("k", 2)).toCompletableFuture();
    CompletableFuture<long[]> kept = lanes.spend(spend("k", 3)).toCompletableFuture();
    abandoned.cancel(false);
    calls.answer(0);
    assertThat(calls.batches.get(1)).extracting(s -> s.permits).containsExactly(3L);
    calls.answer(1);
    assertThat(kept.join()).containsExactly(1, 100, 103);

    lanes.spend(spend("k", 1));
    lanes.spend(spend("k", 2)).toCompletableFuture().cancel(false);
    calls.answer(2);
    assertThat(calls.batches).hasSize(3); // nothing left to send
    assertThat(lanes.busyKeys()).isZero();
  }

  @Test
  void aFullQueue_failsTheNextDecisionAtOnce_andGivesUpNothingQueued() {
    Calls calls = new Calls();
    SpendLanes lanes = new SpendLanes(calls, 1);
    lanes.spend(spend("k", 1));
    List<CompletableFuture<long[]>> waiting = new ArrayList<>();
    for (int i = 0; i < SpendLanes.MAX_WAITING; i++) {
      waiting.add(lanes.spend(spend("k", 1)).toCompletableFuture());
    }
    CompletableFuture<long[]> refused = lanes.spend(spend("k", 1)).toCompletableFuture();
    assertThat(refused).isCompletedExceptionally();
    assertThat(refused.handle((r, e) -> e).join()).isInstanceOf(RateLimitBackendException.class);

    waiting.get(0).cancel(false); // one caller gives up: its place is free again
    CompletableFuture<long[]> admitted = lanes.spend(spend("k", 1)).toCompletableFuture();
    assertThat(admitted).isNotDone();
    int call = 0;
    while (call < calls.batches.size()) {
      calls.answer(call++);
    }
    assertThat(waiting.subList(1, waiting.size())).allMatch(f -> f.join()[0] == 1);
    assertThat(admitted.join()[0]).isEqualTo(1);
    assertThat(lanes.busyKeys()).isZero();
  }

  @Test
  void aSenderThatThrows_failsTheDecision_andFreesTheKey() {
    SpendLanes lanes = new SpendLanes(batch -> {
      throw new IllegalStateException("no connection");
    });
    CompletableFuture<long[]> a = lanes.spend(spend("k", 1)).toCompletableFuture();
    assertThat(a).isCompletedExceptionally();
    assertThat(lanes.busyKeys()).isZero();
  }

  @Test
  void manyThreads_everyDecisionAnsweredOnce_noLaneLeft() throws Exception {
    AtomicLong sent = new AtomicLong();
    ExecutorService redis = Executors.newSingleThreadExecutor();
    SpendLanes lanes =
        new SpendLanes(
            batch ->
                CompletableFuture.supplyAsync(
                    () -> {
                      sent.addAndGet(batch.size());
                      long[] reply = new long[3 * batch.size()];
                      for (int d = 0; d < batch.size(); d++) {
                        reply[3 * d] = 1;
                        reply[3 * d + 2] = batch.get(d).permits;
                      }
                      return reply;
                    },
                    redis));
    int threads = 8;
    int each = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Long>> sums = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      sums.add(
          CompletableFuture.supplyAsync(
              () -> {
                awaitQuietly(start);
                long sum = 0;
                for (int i = 0; i < each; i++) {
                  long permits = 1 + (id + i) % 4;
                  long[] r = lanes.spend(spend(i % 2 == 0 ? "hot" : "k" + id, permits)).toCompletableFuture().join();
                  assertThat(r[2]).isEqualTo(permits);
                  sum += r[2];
                }
                return sum;
              },
              pool));
    }
    start.countDown();
    long total = 0;
    for (CompletableFuture<Long> s : sums) {
      total += s.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    redis.shutdown();
    long expected = 0;
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < each; i++) {
        expected += 1 + (t + i) % 4;
      }
    }
    assertThat(total).isEqualTo(expected);
    assertThat(sent.get()).isEqualTo((long) threads * each);
    assertThat(lanes.busyKeys()).isZero();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException(e);
    }
  }
}
