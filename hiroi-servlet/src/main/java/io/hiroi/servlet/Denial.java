package io.hiroi.servlet;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a filter refused a request, for a {@link DenialHandler}: the reason (for the server's logs;
 * the client should see one generic answer), the HTTP status the default handler sends, and how
 * long the client should wait, when that is known.
 *
 * <p>Immutable and thread-safe.
 */
public final class Denial {
  /** Why the request was refused. */
  public enum Reason {
    /** A rate limit was reached. */
    RATE_LIMITED,
    /** The rate limiter's backend could not be asked in time: fail closed. */
    RATE_LIMITER_UNAVAILABLE,
    /** The rate-limit key could not be worked out (the host's key resolver failed). */
    RATE_LIMIT_KEY_UNRESOLVED
  }

  private final Reason reason;
  private final int status;
  private final Duration retryAfter;

  private Denial(Reason reason, int status, Duration retryAfter) {
    this.reason = reason;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  static Denial of(Reason reason, int status, Duration retryAfter) {
    return new Denial(Objects.requireNonNull(reason, "reason"), status, retryAfter);
  }

  /**
   * Returns why the request was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns the HTTP status the default handler sends.
   *
   * @return the status
   */
  public int status() {
    return status;
  }

  /**
   * Returns how long the client should wait before trying again, when known.
   *
   * @return the wait
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public String toString() {
    return "Denial{" + reason + ", " + status + (retryAfter == null ? "" : ", retryAfter=" + retryAfter) + "}";
  }
}
