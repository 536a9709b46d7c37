package io.hiroi.auth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The outcome of {@link SignInChallenges#complete}: the user and every factor they proved, ready
 * for {@link SessionManager#create(String, Set, ClientInfo)}, or why the sign-in did not complete.
 * Log {@link #failure()}; show the user one generic "sign-in failed, start again".
 *
 * <p>Immutable and thread-safe.
 */
public final class SignInCompletion {
  /** Why a pending sign-in did not complete. */
  public enum Failure {
    /** Not of the pending sign-in token form. */
    MALFORMED,
    /** Never begun, already completed or ended, or long expired. */
    UNKNOWN,
    /** Begun, but its lifetime has passed; it is now used up. */
    EXPIRED,
    /**
     * The second factor was proven by another user than the one who passed the first factor (a
     * TOTP code or passkey of user B offered for user A's sign-in); the pending sign-in is used up.
     */
    SUBJECT_MISMATCH,
    /** The factor passed is not a second factor ({@link AuthFactor#isSecondFactor()}); nothing was used up. */
    NOT_A_SECOND_FACTOR,
    /** The store could not answer; deny (fail closed). */
    UNAVAILABLE,
    /** A {@linkplain AuthAudit#required required} audit record could not be written; the pending sign-in is used up. */
    AUDIT_UNAVAILABLE
  }

  private final String userId;
  private final Set<AuthFactor> factors;
  private final Failure failure;

  private SignInCompletion(String userId, Set<AuthFactor> factors, Failure failure) {
    this.userId = userId;
    this.factors = factors;
    this.failure = failure;
  }

  static SignInCompletion completed(String userId, Set<AuthFactor> factors) {
    return new SignInCompletion(Objects.requireNonNull(userId, "userId"), Collections.unmodifiableSet(EnumSet.copyOf(factors)), null);
  }

  static SignInCompletion failed(Failure failure) {
    return new SignInCompletion(null, Set.of(), Objects.requireNonNull(failure, "failure"));
  }

  /**
   * Tells whether the sign-in completed (and the pending sign-in is now used up).
   *
   * @return {@code true} for the one successful completion
   */
  public boolean isCompleted() {
    return userId != null;
  }

  /**
   * Returns the user who passed both factors.
   *
   * @return the user id, or empty when not completed
   */
  public Optional<String> userId() {
    return Optional.ofNullable(userId);
  }

  /**
   * Returns the first factors and the second factor together.
   *
   * @return the factors, empty when not completed
   */
  public Set<AuthFactor> factors() {
    return factors;
  }

  /**
   * Returns why the sign-in did not complete.
   *
   * @return the reason, or empty when completed
   */
  public Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  /** Returns the outcome and the factors; never the user id. */
  @Override
  public String toString() {
    return userId != null ? "SignInCompletion[completed, " + factors + "]" : "SignInCompletion[" + failure + "]";
  }
}
