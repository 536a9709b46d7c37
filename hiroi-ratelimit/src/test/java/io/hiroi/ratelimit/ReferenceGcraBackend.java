package io.hiroi.ratelimit;

import io.hiroi.ratelimit.internal.Gcra;
import io.hiroi.ratelimit.internal.Micros;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The rate-limit port written as plainly as possible, as the reference the in-memory backend's
 * fast paths are checked against: one synchronized map from (key, names) to TATs, updated by
 * {@link Gcra#spend}. Only {@code spend} is implemented. Being no {@link InMemoryRateLimitBackend},
 * it sends a {@link RateLimiter} down its general path (a stage, a reply array, {@code decide}).
 */
final class ReferenceGcraBackend implements RateLimitBackend {
  private final Clock clock;
  private final Map<List<Object>, long[]> tats = new HashMap<>();

  ReferenceGcraBackend(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized CompletionStage<long[]> spend(String tag, List<String> names, long[] intervals, long[] tolerances, long permits) {
    List<Object> key = List.of(tag, names);
    long[] reply = Gcra.spend(tats.get(key), Micros.now(clock), intervals, tolerances, permits);
    if (reply[0] == 1) {
      tats.put(key, Arrays.copyOfRange(reply, 2, reply.length));
    }
    return CompletableFuture.completedFuture(reply);
  }

  @Override
  public CompletionStage<long[]> acquireLease(String tag, String name, String leaseId, int maxLeases, long ttlMicros) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletionStage<Boolean> renewLease(String tag, String name, String leaseId, long ttlMicros) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletionStage<Void> releaseLease(String tag, String name, String leaseId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletionStage<long[]> recordFailure(String tag, String name, long forgetMicros) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletionStage<long[]> failures(String tag, String name) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletionStage<Void> resetFailures(String tag, String name) {
    throw new UnsupportedOperationException();
  }
}
