package io.hiroi.benchmarks.ratelimit;

import java.time.Duration;

/**
 * One limit both libraries are given: {@code permits} per {@code period} with a burst of as many
 * (hiroi: GCRA with that burst; Bucket4j: a bucket of that capacity refilled greedily).
 */
final class LimitSpec {
  final long permits;
  final Duration period;

  private LimitSpec(long permits, Duration period) {
    this.permits = permits;
    this.period = period;
  }

  /**
   * A limit whose state outlives a footprint run: 10 per day, so a key that spent one permit keeps
   * its state for hours in both libraries.
   */
  static LimitSpec lasting() {
    return new LimitSpec(10, Duration.ofDays(1));
  }

  /** A limit that the benchmark's traffic never reaches: every decision is an allow that writes. */
  static LimitSpec neverReached() {
    return new LimitSpec(1_000_000, Duration.ofSeconds(1));
  }
}
