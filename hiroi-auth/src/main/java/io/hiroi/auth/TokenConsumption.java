package io.hiroi.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link OneTimeTokens#consume}: the subject the token was issued for, or why it
 * did not work. Log {@link #failure()}; show the user one generic "this link is invalid or has
 * expired".
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenConsumption {
  /** Why a token did not work. */
  public enum Failure {
    /** Not of the one-time token form. */
    MALFORMED,
    /** A token of another purpose (a reset token offered as a magic link); it was not used up. */
    WRONG_PURPOSE,
    /** Never issued, already used, or dropped long after its expiry. */
    UNKNOWN,
    /** Issued, but expired; it is now used up. */
    EXPIRED,
    /** The store could not answer; deny (fail closed). */
    UNAVAILABLE
  }

  private final String subject;
  private final Failure failure;

  private TokenConsumption(String subject, Failure failure) {
    this.subject = subject;
    this.failure = failure;
  }

  static TokenConsumption valid(String subject) {
    return new TokenConsumption(Objects.requireNonNull(subject, "subject"), null);
  }

  static TokenConsumption invalid(Failure failure) {
    return new TokenConsumption(null, Objects.requireNonNull(failure, "failure"));
  }

  /**
   * Tells whether the token was valid and is now used up.
   *
   * @return {@code true} for the one successful consumption
   */
  public boolean isValid() {
    return subject != null;
  }

  /**
   * Returns the subject (a user id, an email address) the token was issued for.
   *
   * @return the subject, or empty when not valid
   */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }

  /**
   * Returns why the token did not work.
   *
   * @return the reason, or empty when valid
   */
  public Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  /** Returns the outcome; never the subject. */
  @Override
  public String toString() {
    return subject != null ? "TokenConsumption[valid]" : "TokenConsumption[" + failure + "]";
  }
}
