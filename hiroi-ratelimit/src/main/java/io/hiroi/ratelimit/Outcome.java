package io.hiroi.ratelimit;

/**
 * What a rate limiter, connection cap or authentication throttle answered.
 *
 * <p>Immutable and thread-safe.
 */
public enum Outcome {
  /** Within the limit: the permits were spent, the connection slot taken. */
  ALLOWED,
  /** Over the limit: nothing was spent; the caller should answer 429 (or wait). */
  DENIED,
  /**
   * The backend could not be asked (an error, or no answer within the timeout). The caller is
   * denied unless the instance was built with its loudly named fail-open option.
   */
  UNAVAILABLE
}
