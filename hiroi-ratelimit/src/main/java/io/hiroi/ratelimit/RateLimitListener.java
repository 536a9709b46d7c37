package io.hiroi.ratelimit;

/**
 * Hears every answer of a {@link RateLimiter}, {@link ConcurrencyLimiter} or {@link AuthThrottle},
 * so that a host can feed its metrics and alerts (denials per limit, backend unavailability)
 * without hiroi depending on a metrics library.
 *
 * <p>Implementations must be thread-safe and fast: they run on the thread that completes the
 * decision, which for Redis is one of Lettuce's I/O threads. An exception thrown by a listener is
 * caught and logged; it never changes a decision.
 *
 * <pre>{@code
 * RateLimitListener metrics = (limiter, limit, outcome) ->
 *     registry.counter("ratelimit", "limiter", limiter, "limit", limit, "outcome", outcome.name()).increment();
 * }</pre>
 */
@FunctionalInterface
public interface RateLimitListener {
  /** A listener that does nothing. */
  RateLimitListener NONE = (limiter, limit, outcome) -> {};

  /**
   * Called once per answer.
   *
   * @param limiter the name of the limiter, cap or throttle that answered
   * @param limit the name of the limit that decided (the one that denied, or the tightest), the
   *     cap's name, or {@code account} / {@code ip} for a throttle
   * @param outcome the answer
   */
  void onDecision(String limiter, String limit, Outcome outcome);
}
