package io.hiroi.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link SessionManager#validate(String)}: the session, or why there is none.
 * Log {@link #failure()} on the server; treat every failure alike towards the client (clear the
 * cookie and ask for sign-in).
 *
 * <p>Immutable and thread-safe.
 */
public final class SessionValidation {
  /** Why a token did not validate. */
  public enum Failure {
    /** The token is not of the session-token form (a forged, cut or foreign value). */
    MALFORMED,
    /** No such session: never issued, revoked, signed out everywhere, rotated away or expired long ago. */
    UNKNOWN,
    /** The session was idle longer than the idle timeout; it is now deleted. */
    IDLE_TIMEOUT,
    /** The session reached its absolute timeout; it is now deleted. */
    ABSOLUTE_TIMEOUT,
    /** The store could not answer; deny (fail closed). */
    UNAVAILABLE
  }

  private final Session session;
  private final Failure failure;

  private SessionValidation(Session session, Failure failure) {
    this.session = session;
    this.failure = failure;
  }

  static SessionValidation valid(Session session) {
    return new SessionValidation(Objects.requireNonNull(session, "session"), null);
  }

  static SessionValidation invalid(Failure failure) {
    return new SessionValidation(null, Objects.requireNonNull(failure, "failure"));
  }

  /**
   * Tells whether the token named a live session.
   *
   * @return {@code true} if valid
   */
  public boolean isValid() {
    return session != null;
  }

  /**
   * Returns the session when valid.
   *
   * @return the session, or empty
   */
  public Optional<Session> session() {
    return Optional.ofNullable(session);
  }

  /**
   * Returns why the token did not validate.
   *
   * @return the reason, or empty when valid
   */
  public Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public String toString() {
    return session != null ? "SessionValidation[valid, " + session + "]" : "SessionValidation[" + failure + "]";
  }
}
