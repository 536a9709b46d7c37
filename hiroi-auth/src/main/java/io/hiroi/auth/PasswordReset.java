package io.hiroi.auth;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link PasswordResetService#reset}. On success the password is changed and every
 * session of the user has ended; no session was created: send the user to sign in, and when
 * {@link #secondFactorRequired()} is {@code true} that sign-in must still pass their second factor
 * (a reset proves control of the mailbox, not of the second factor). {@link #failure()} is for
 * server logs; show the user one generic message per failure kind.
 *
 * <p>Immutable and thread-safe.
 */
public final class PasswordReset {
  /** Why a reset did not complete. */
  public enum Failure {
    /** Refused by the per-client rate limit; the token was not used. Try after {@link #retryAfter()}. */
    THROTTLED,
    /** The new password is shorter than the minimum; the token was not used. */
    PASSWORD_TOO_SHORT,
    /** The new password is longer than the maximum (or than the hasher accepts); the token was not used. */
    PASSWORD_TOO_LONG,
    /** The token is malformed, unknown, already used, of another purpose or expired ({@link #tokenFailure()}). */
    INVALID_TOKEN,
    /** The token store could not answer; nothing changed (fail closed). */
    UNAVAILABLE,
    /**
     * The {@linkplain AuthAudit#required required} audit record could not be written; nothing
     * changed, but the token is used up (the user asks for a new link).
     */
    AUDIT_UNAVAILABLE,
    /**
     * The password was changed, but the session store could not end the user's sessions: call
     * {@link SessionManager#revokeAll} for {@link #userId()} again before anything else.
     */
    SESSIONS_NOT_REVOKED
  }

  private final String userId;
  private final Failure failure;
  private final TokenConsumption.Failure tokenFailure;
  private final boolean secondFactorRequired;
  private final int sessionsRevoked;
  private final Duration retryAfter;

  private PasswordReset(
      String userId, Failure failure, TokenConsumption.Failure tokenFailure, boolean secondFactorRequired, int sessionsRevoked, Duration retryAfter) {
    this.userId = userId;
    this.failure = failure;
    this.tokenFailure = tokenFailure;
    this.secondFactorRequired = secondFactorRequired;
    this.sessionsRevoked = sessionsRevoked;
    this.retryAfter = retryAfter;
  }

  static PasswordReset completed(String userId, boolean secondFactorRequired, int sessionsRevoked) {
    return new PasswordReset(Objects.requireNonNull(userId, "userId"), null, null, secondFactorRequired, sessionsRevoked, Duration.ZERO);
  }

  static PasswordReset failed(Failure failure, Duration retryAfter) {
    return new PasswordReset(null, Objects.requireNonNull(failure, "failure"), null, false, 0, Objects.requireNonNull(retryAfter, "retryAfter"));
  }

  static PasswordReset invalidToken(TokenConsumption.Failure why) {
    return new PasswordReset(null, Failure.INVALID_TOKEN, Objects.requireNonNull(why, "why"), false, 0, Duration.ZERO);
  }

  static PasswordReset sessionsNotRevoked(String userId, boolean secondFactorRequired) {
    return new PasswordReset(Objects.requireNonNull(userId, "userId"), Failure.SESSIONS_NOT_REVOKED, null, secondFactorRequired, 0, Duration.ZERO);
  }

  /**
   * Tells whether the password was changed and every session of the user ended.
   *
   * @return {@code true} on success
   */
  public boolean isSuccess() {
    return failure == null;
  }

  /**
   * Returns the user whose password was changed.
   *
   * @return the user id on success or {@link Failure#SESSIONS_NOT_REVOKED}, otherwise empty
   */
  public Optional<String> userId() {
    return Optional.ofNullable(userId);
  }

  /**
   * Returns why the reset did not complete.
   *
   * @return the reason, or empty on success
   */
  public Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Returns why the token did not work, for {@link Failure#INVALID_TOKEN}.
   *
   * @return the token's failure, or empty
   */
  public Optional<TokenConsumption.Failure> tokenFailure() {
    return Optional.ofNullable(tokenFailure);
  }

  /**
   * Tells whether the user has a second factor that their next sign-in must still pass. The reset
   * never signs the user in.
   *
   * @return {@code true} if a second factor is enrolled
   */
  public boolean secondFactorRequired() {
    return secondFactorRequired;
  }

  /**
   * Returns how many sessions the reset ended.
   *
   * @return the count
   */
  public int sessionsRevoked() {
    return sessionsRevoked;
  }

  /**
   * Returns how long to wait before trying again (zero unless throttled).
   *
   * @return the wait
   */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Returns the outcome; never the user id. */
  @Override
  public String toString() {
    return failure == null
        ? "PasswordReset[success, sessionsRevoked=" + sessionsRevoked + ", secondFactorRequired=" + secondFactorRequired + "]"
        : "PasswordReset[" + failure + (tokenFailure != null ? "/" + tokenFailure : "") + "]";
  }
}
