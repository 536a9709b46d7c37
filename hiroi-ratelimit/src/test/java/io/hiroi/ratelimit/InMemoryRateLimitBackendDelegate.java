package io.hiroi.ratelimit;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** A backend whose {@code spend} gives a fixed reply, or throws when the reply is null; the rest is in memory. */
final class InMemoryRateLimitBackendDelegate implements RateLimitBackend {
  private final CompletionStage<long[]> reply;
  private final RateLimitBackend rest = InMemoryRateLimitBackend.create();

  InMemoryRateLimitBackendDelegate(CompletionStage<long[]> reply) {
    this.reply = reply;
  }

  @Override
  public CompletionStage<long[]> spend(String tag, List<String> names, long[] intervals, long[] tolerances, long permits) {
    if (reply == null) {
      throw new IllegalStateException("a backend bug");
    }
    return reply;
  }

  @Override
  public CompletionStage<long[]> acquireLease(String tag, String name, String leaseId, int maxLeases, long ttlMicros) {
    return rest.acquireLease(tag, name, leaseId, maxLeases, ttlMicros);
  }

  @Override
  public CompletionStage<Boolean> renewLease(String tag, String name, String leaseId, long ttlMicros) {
    return rest.renewLease(tag, name, leaseId, ttlMicros);
  }

  @Override
  public CompletionStage<Void> releaseLease(String tag, String name, String leaseId) {
    return rest.releaseLease(tag, name, leaseId);
  }

  @Override
  public CompletionStage<long[]> recordFailure(String tag, String name, long forgetMicros) {
    return rest.recordFailure(tag, name, forgetMicros);
  }

  @Override
  public CompletionStage<long[]> failures(String tag, String name) {
    return rest.failures(tag, name);
  }

  @Override
  public CompletionStage<Void> resetFailures(String tag, String name) {
    return rest.resetFailures(tag, name);
  }
}
