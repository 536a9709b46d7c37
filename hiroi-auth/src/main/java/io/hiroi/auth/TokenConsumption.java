package io.hiroi.auth;

import java.time.Duration;
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
    UNAVAILABLE,
    /**
     * Refused by the {@linkplain OneTimeTokens.Builder#consumeLimiter per-client limit} before the
     * store was asked; the token was not used up. Try after {@link #retryAfter()}.
     */
    THROTTLED
  }

  private final String subject;
  private final Failure failure;
  private final Duration retryAfter;

  private TokenConsumption(String subject, Failure failure, Duration retryAfter) {
    this.subject = subject;
    this.failure = failure;
    this.retryAfter = retryAfter;
  }

  static TokenConsumption valid(String subject) {
    return new TokenConsumption(Objects.requireNonNull(subject, "subject"), null, Duration.ZERO);
  }

  static TokenConsumption invalid(Failure failure) {
    return new TokenConsumption(null, Objects.requireNonNull(failure, "failure"), Duration.ZERO);
  }

  static TokenConsumption throttled(Duration retryAfter) {
    return new TokenConsumption(null, Failure.THROTTLED, Objects.requireNonNull(retryAfter, "retryAfter"));
  }

  /**
   * Returns how long the client must wait before trying again.
   *
   * @return the wait: positive for {@link Failure#THROTTLED}, otherwise zero
   */
  public Duration retryAfter() {
    return retryAfter;
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
