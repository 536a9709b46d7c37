package io.hiroi.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of {@link PasswordResetService#request}: the same {@link Status#ACCEPTED} whether or
 * not the email is registered, so the response reveals nothing; show {@link #GENERIC_MESSAGE}. A
 * throttled or unavailable request is a distinct value, which equally reveals nothing (the limits
 * count unregistered emails too).
 *
 * <p>Immutable and thread-safe.
 */
public final class PasswordResetRequest {
  /** The one message to show after an accepted request. */
  public static final String GENERIC_MESSAGE = "If an account exists for this email, we have sent a link to reset its password.";

  /** What happened to the request. */
  public enum Status {
    /** Handled: a link was sent if the email is registered. */
    ACCEPTED,
    /** Refused by the per-account or per-client rate limit; try after {@link #retryAfter()}. */
    THROTTLED,
    /** The token store could not answer; nothing was sent (fail closed). */
    UNAVAILABLE
  }

  private final Status status;
  private final Duration retryAfter;

  private PasswordResetRequest(Status status, Duration retryAfter) {
    this.status = status;
    this.retryAfter = retryAfter;
  }

  static PasswordResetRequest of(Status status, Duration retryAfter) {
    return new PasswordResetRequest(Objects.requireNonNull(status, "status"), Objects.requireNonNull(retryAfter, "retryAfter"));
  }

  /**
   * Returns what happened.
   *
   * @return the status
   */
  public Status status() {
    return status;
  }

  /**
   * Tells whether the request was handled (the generic answer).
   *
   * @return {@code true} for {@link Status#ACCEPTED}
   */
  public boolean isAccepted() {
    return status == Status.ACCEPTED;
  }

  /**
   * Returns how long to wait before asking again (zero unless throttled or unavailable).
   *
   * @return the wait
   */
  public Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public String toString() {
    return "PasswordResetRequest[" + status + ", retryAfter=" + retryAfter + "]";
  }
}
