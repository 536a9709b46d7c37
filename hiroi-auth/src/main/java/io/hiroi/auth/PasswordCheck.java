package io.hiroi.auth;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link PasswordAuthenticator#authenticate}. Towards the client every failure is
 * the same {@link #GENERIC_FAILURE} (with {@code Retry-After} when {@link #retryAfter()} is
 * positive): an unknown email, a wrong password and a throttled attempt look alike, so the
 * response does not reveal which emails are registered. {@link #failure()} is for server logs.
 *
 * <p>Immutable and thread-safe.
 */
public final class PasswordCheck {
  /** The one message to show for every failure. */
  public static final String GENERIC_FAILURE = "Invalid email or password.";

  /** Why a sign-in failed (server logs only). */
  public enum Failure {
    /** No account has this email. */
    UNKNOWN_ACCOUNT,
    /** The password does not match. */
    WRONG_PASSWORD,
    /** Too many recent failures for this account or this client; try after {@link #retryAfter()}. */
    THROTTLED,
    /**
     * The password was right, but the {@linkplain AuthAudit#required required} audit record of the
     * sign-in could not be written, so the sign-in does not happen (fail closed).
     */
    AUDIT_UNAVAILABLE
  }

  private final String userId;
  private final Failure failure;
  private final Duration retryAfter;

  private PasswordCheck(String userId, Failure failure, Duration retryAfter) {
    this.userId = userId;
    this.failure = failure;
    this.retryAfter = retryAfter;
  }

  static PasswordCheck success(String userId) {
    return new PasswordCheck(Objects.requireNonNull(userId), null, Duration.ZERO);
  }

  static PasswordCheck failed(Failure failure, Duration retryAfter) {
    return new PasswordCheck(null, Objects.requireNonNull(failure), Objects.requireNonNull(retryAfter));
  }

  /**
   * Tells whether the password was right for the account.
   *
   * @return {@code true} on success
   */
  public boolean isSuccess() {
    return userId != null;
  }

  /**
   * Returns the signed-in user.
   *
   * @return the user id, or empty on failure
   */
  public Optional<String> userId() {
    return Optional.ofNullable(userId);
  }

  /**
   * Returns why the sign-in failed, for logs.
   *
   * @return the reason, or empty on success
   */
  public Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Returns how long the client must wait before the next attempt (zero when it need not).
   *
   * @return the wait
   */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Returns the outcome; never the user id. */
  @Override
  public String toString() {
    return userId != null ? "PasswordCheck[success]" : "PasswordCheck[" + failure + ", retryAfter=" + retryAfter + "]";
  }
}
