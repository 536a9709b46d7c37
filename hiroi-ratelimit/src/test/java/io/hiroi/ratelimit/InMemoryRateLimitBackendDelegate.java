package io.hiroi.ratelimit;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** A backend whose {@code spend} gives a fixed reply, or throws when the reply is null; the rest is in memory. */
final class InMemoryRateLimitBackendDelegate extends ForwardingBackend {
  private final CompletionStage<long[]> reply;

  InMemoryRateLimitBackendDelegate(CompletionStage<long[]> reply) {
    super(InMemoryRateLimitBackend.create());
    this.reply = reply;
  }

  @Override
  public CompletionStage<long[]> spend(String tag, List<String> names, long[] intervals, long[] tolerances, long permits) {
    if (reply == null) {
      throw new IllegalStateException("a backend bug");
    }
    return reply;
  }
}
