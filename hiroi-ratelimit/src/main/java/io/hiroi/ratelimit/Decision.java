package io.hiroi.ratelimit;

import io.hiroi.ratelimit.internal.Micros;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A {@link RateLimiter}'s answer to "may this key spend n permits now?".
 *
 * <p>{@link #isAllowed()} is the answer. {@link #outcome()} says why: {@link Outcome#ALLOWED},
 * {@link Outcome#DENIED} (over a limit: {@link #retryAfter()} says when the same request would
 * pass) or {@link Outcome#UNAVAILABLE} (the backend could not be asked; denied unless the limiter
 * was built with {@code insecureAllowFailOpen()}). {@link #limit()} is the limit that decided: the
 * one that denied with the longest wait, or, when allowed, the one with the fewest permits left.
 * {@link #headers()} gives the HTTP response header values.
 *
 * <p>Immutable and thread-safe.
 */
public final class Decision {
  private final Outcome outcome;
  private final boolean allowed;
  private final Limit limit;
  private final List<Limit> limits;
  private final long remaining;
  private final long retryAfterMicros;
  private final long resetAfterMicros;

  Decision(
      Outcome outcome,
      boolean allowed,
      Limit limit,
      List<Limit> limits,
      long remaining,
      long retryAfterMicros,
      long resetAfterMicros) {
    this.outcome = outcome;
    this.allowed = allowed;
    this.limit = limit;
    this.limits = limits;
    this.remaining = remaining;
    this.retryAfterMicros = retryAfterMicros;
    this.resetAfterMicros = resetAfterMicros;
  }

  /**
   * Says whether the request may go ahead.
   *
   * @return {@code true} when allowed, or unavailable on a fail-open limiter
   */
  public boolean isAllowed() {
    return allowed;
  }

  /**
   * Returns why.
   *
   * @return the outcome
   */
  public Outcome outcome() {
    return outcome;
  }

  /**
   * Returns the limit that decided; for {@link Outcome#UNAVAILABLE}, the limiter's first limit.
   *
   * @return the deciding limit
   */
  public Limit limit() {
    return limit;
  }

  /**
   * Returns every limit the request was checked against, in the limiter's order.
   *
   * @return the limits
   */
  public List<Limit> limits() {
    return limits;
  }

  /**
   * Returns how many permits the key could spend right now under every limit; when denied, this
   * is fewer than were asked for (possibly zero); 0 when unavailable.
   *
   * @return the permits left
   */
  public long remaining() {
    return remaining;
  }

  /**
   * Returns how long until the same request would be allowed: zero when allowed; for
   * {@link Outcome#UNAVAILABLE}, the limiter's configured retry hint.
   *
   * @return the wait
   */
  public Duration retryAfter() {
    return Micros.toDuration(retryAfterMicros);
  }

  /**
   * Returns how long until the deciding limit has its whole burst back if nothing more is spent.
   *
   * @return the time to a full reset
   */
  public Duration resetAfter() {
    return Micros.toDuration(resetAfterMicros);
  }

  /**
   * Returns the HTTP response header values for this decision.
   *
   * @return the headers
   */
  public RateLimitHeaders headers() {
    return new RateLimitHeaders(this);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Decision)) {
      return false;
    }
    Decision d = (Decision) o;
    return outcome == d.outcome
        && allowed == d.allowed
        && limit.equals(d.limit)
        && limits.equals(d.limits)
        && remaining == d.remaining
        && retryAfterMicros == d.retryAfterMicros
        && resetAfterMicros == d.resetAfterMicros;
  }

  @Override
  public int hashCode() {
    return Objects.hash(outcome, allowed, limit, remaining, retryAfterMicros, resetAfterMicros);
  }

  @Override
  public String toString() {
    return "Decision{"
        + outcome
        + (allowed ? ", allowed" : ", denied")
        + ", limit="
        + limit.name()
        + ", remaining="
        + remaining
        + ", retryAfter="
        + retryAfter()
        + ", resetAfter="
        + resetAfter()
        + "}";
  }
}
