package io.hiroi.ratelimit.redis;

import io.hiroi.ratelimit.internal.Errors;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Coalesces the decisions of one key: while calls of a key are on their way to Redis (at most
 * {@value #DEFAULT_IN_FLIGHT} by default, pipelined on the connection), the spends of the same key
 * that arrive meanwhile wait here, and when one of the calls comes back they go as one script call
 * that decides them one after another in the order they arrived ({@code spend.lua} takes the
 * permits of several decisions). Each gets exactly the answer it would have got sent alone in that
 * order (one connection delivers the calls of one key in the order sent); a busy key costs one
 * round trip per batch instead of one per decision, and a key that is not busy costs what it did
 * (sent at once, a batch of one).
 *
 * <p>A lane exists only while a call of its key is in flight: the map holds the busy keys, never
 * the idle ones. A batch takes at most {@value #MAX_BATCH} decisions; only decisions of the same
 * limits (the same Redis keys, intervals and tolerances) share a call. At most {@value
 * #MAX_WAITING} decisions wait per key: one more fails at once (the limiter denies it as
 * unavailable), so a Redis that stopped answering cannot make the queue grow without bound. A
 * waiting decision whose caller gave up (its future was cancelled: the limiter's timeout) is
 * dropped, not sent, so it spends nothing; the dropped ones leave the queue when the next batch
 * is taken or when the queue is full.
 *
 * <p>Thread-safe.
 */
final class SpendLanes {
  static final int MAX_BATCH = 64;
  static final int MAX_WAITING = 1024;
  /** Calls of one key in flight at once before decisions wait for one of them to return. */
  static final int DEFAULT_IN_FLIGHT = 2;

  /** Sends one batch: the decisions, all of one lane and of the same limits; one call. */
  interface Sender {
    /**
     * Sends the decisions in one call.
     *
     * @param batch one or more decisions, in order
     * @return the reply: per decision, in order, {@code 2 + limits} integers
     */
    CompletionStage<long[]> send(List<Spend> batch);
  }

  private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
  private final Sender sender;
  private final int maxInFlight;

  SpendLanes(Sender sender) {
    this(sender, DEFAULT_IN_FLIGHT);
  }

  SpendLanes(Sender sender, int maxInFlight) {
    this.sender = sender;
    this.maxInFlight = maxInFlight;
  }

  /**
   * One decision: its Redis keys, its limits' numbers and its permits, and the future its reply
   * completes (the decision's {@code {allowed, now, tat_1 .. tat_n}}).
   */
  static final class Spend extends CompletableFuture<long[]> {
    final String[] keys;
    final long[] intervals;
    final long[] tolerances;
    final long permits;

    Spend(String[] keys, long[] intervals, long[] tolerances, long permits) {
      this.keys = keys;
      this.intervals = intervals;
      this.tolerances = tolerances;
      this.permits = permits;
    }

    boolean sameLimits(Spend other) {
      return Arrays.equals(keys, other.keys) && Arrays.equals(intervals, other.intervals) && Arrays.equals(tolerances, other.tolerances);
    }
  }

  /** The decisions waiting for one key; in the map only while a call of the key is in flight. */
  private static final class Lane {
    final String name;
    final ArrayDeque<Spend> waiting = new ArrayDeque<>(); // guarded by this
    int inFlight = 1; // guarded by this: calls sent and not returned; a lane is made for its first
    boolean retired; // guarded by this: removed from the map, take no more

    Lane(String name) {
      this.name = name;
    }
  }

  /**
   * Sends the decision now when fewer than the most calls of its key are in flight and none
   * waits, else queues it behind them.
   *
   * @param spend the decision
   * @return the decision's reply
   */
  CompletionStage<long[]> spend(Spend spend) {
    String name = spend.keys[0];
    while (true) {
      Lane lane = lanes.get(name);
      if (lane == null) {
        Lane fresh = new Lane(name);
        if (lanes.putIfAbsent(name, fresh) == null) {
          send(fresh, List.of(spend));
          return spend;
        }
        continue;
      }
      boolean sendNow;
      synchronized (lane) {
        if (lane.retired) {
          sendNow = false; // retired after we found it: a fresh lane takes its place
        } else if (lane.inFlight < maxInFlight && lane.waiting.isEmpty()) {
          lane.inFlight++;
          sendNow = true;
        } else {
          queue(lane, spend);
          return spend;
        }
      }
      if (sendNow) {
        send(lane, List.of(spend));
        return spend;
      }
    }
  }

  /** Queues a decision behind the lane's calls, or fails it when the lane is full; holds the lane. */
  private static void queue(Lane lane, Spend spend) {
    if (lane.waiting.size() >= MAX_WAITING) {
      lane.waiting.removeIf(CompletableFuture::isDone); // callers that gave up
    }
    if (lane.waiting.size() >= MAX_WAITING) {
      spend.completeExceptionally(
          Errors.failed("queue a decision", new IllegalStateException(MAX_WAITING + " decisions of one key are already waiting for Redis")));
    } else {
      lane.waiting.add(spend);
    }
  }

  /** How many keys have a call in flight (for tests). */
  int busyKeys() {
    return lanes.size();
  }

  private void send(Lane lane, List<Spend> batch) {
    CompletionStage<long[]> reply;
    try {
      reply = sender.send(batch);
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    reply.whenComplete((r, error) -> settle(lane, batch, r, error));
  }

  /**
   * A batch's reply came back: the next batch goes first (it is on the wire before the callers
   * of this one wake), then this one's decisions get their parts of the reply.
   */
  private void settle(Lane lane, List<Spend> batch, long[] reply, Throwable error) {
    List<Spend> next = takeNext(lane);
    if (next != null) {
      send(lane, next);
    }
    if (error != null) {
      for (Spend s : batch) {
        s.completeExceptionally(error);
      }
      return;
    }
    if (batch.size() == 1) {
      batch.get(0).complete(reply);
      return;
    }
    if (reply == null || reply.length % batch.size() != 0) {
      for (Spend s : batch) {
        s.complete(null); // a bad reply; the limiter says so
      }
      return;
    }
    int width = reply.length / batch.size();
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).complete(Arrays.copyOfRange(reply, i * width, (i + 1) * width));
    }
  }

  /** The next batch of the lane, or {@code null} after retiring it when nothing waits. */
  private List<Spend> takeNext(Lane lane) {
    synchronized (lane) {
      Spend head;
      while ((head = lane.waiting.poll()) != null && head.isDone()) {
        // cancelled by its caller (timed out) or failed: not sent, nothing spent
      }
      if (head == null) {
        if (--lane.inFlight == 0) {
          lane.retired = true;
          lanes.remove(lane.name, lane);
        }
        return null;
      }
      List<Spend> batch = new ArrayList<>(Math.min(lane.waiting.size() + 1, MAX_BATCH));
      batch.add(head);
      Spend s;
      while (batch.size() < MAX_BATCH && (s = lane.waiting.peek()) != null) {
        if (s.isDone()) {
          lane.waiting.poll();
        } else if (s.sameLimits(head)) {
          batch.add(lane.waiting.poll());
        } else {
          break; // other limits on the same first key: the next batch, order kept
        }
      }
      return batch;
    }
  }

  @Override
  public String toString() {
    return "SpendLanes{busy=" + lanes.size() + "}";
  }
}
