package io.hiroi.ratelimit;

import io.hiroi.core.HiroiSecurityException;

/**
 * A rate-limit backend could not carry out an operation: Redis unreachable or refusing, the
 * in-memory backend full. Backends complete their stages with it; {@link RateLimiter},
 * {@link ConcurrencyLimiter} and {@link AuthThrottle} turn it into {@link Outcome#UNAVAILABLE} and
 * never throw it to their callers.
 *
 * <p>Its message names the operation, never a key's value.
 */
public final class RateLimitBackendException extends HiroiSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed
   */
  public RateLimitBackendException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what failed
   * @param cause the backend's exception
   */
  public RateLimitBackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
