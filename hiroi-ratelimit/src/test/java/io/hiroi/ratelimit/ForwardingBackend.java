package io.hiroi.ratelimit;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A backend that hands every call to another, for tests that change one or two calls of a real
 * backend (or reach one only through the port, as a host's wrapper would). Thread-safe when its
 * delegate is.
 */
class ForwardingBackend implements RateLimitBackend {
  final RateLimitBackend delegate;

  ForwardingBackend(RateLimitBackend delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletionStage<long[]> spend(String tag, List<String> names, long[] intervals, long[] tolerances, long permits) {
    return delegate.spend(tag, names, intervals, tolerances, permits);
  }

  @Override
  public CompletionStage<long[]> acquireLease(String tag, String name, String leaseId, int maxLeases, long ttlMicros) {
    return delegate.acquireLease(tag, name, leaseId, maxLeases, ttlMicros);
  }

  @Override
  public CompletionStage<Boolean> renewLease(String tag, String name, String leaseId, long ttlMicros) {
    return delegate.renewLease(tag, name, leaseId, ttlMicros);
  }

  @Override
  public CompletionStage<Void> releaseLease(String tag, String name, String leaseId) {
    return delegate.releaseLease(tag, name, leaseId);
  }

  @Override
  public CompletionStage<long[]> recordFailure(String tag, String name, long forgetMicros) {
    return delegate.recordFailure(tag, name, forgetMicros);
  }

  @Override
  public CompletionStage<long[]> failures(String tag, String name) {
    return delegate.failures(tag, name);
  }

  @Override
  public CompletionStage<Void> resetFailures(String tag, String name) {
    return delegate.resetFailures(tag, name);
  }
}
