package io.hiroi.auth;

import io.hiroi.auth.SignInCompletion.Failure;
import java.util.Objects;
import java.util.Optional;

/**
 * One second-factor attempt on a pending sign-in, reserved by {@link SignInChallenges#attempt}
 * before the host checks the factor. When {@linkplain #isAllowed() allowed} it names whose factor
 * to check ({@link #subject()}); the attempt has already been counted against the pending
 * sign-in's bound, so a wrong factor is then reported with {@link SignInChallenges#failed} (which
 * does not count it again) and a right one completed with {@link SignInChallenges#complete}. When
 * not allowed, check no factor: {@link #failure()} says why.
 *
 * <p>Holds no token ({@code toString} shows the outcome and the attempts left only). Immutable and
 * thread-safe.
 */
public final class SignInAttempt {
  private final String key;
  private final String userId;
  private final int attemptsLeft;
  private final long attemptNumber;
  private final Failure failure;

  private SignInAttempt(String key, String userId, int attemptsLeft, long attemptNumber, Failure failure) {
    this.key = key;
    this.userId = userId;
    this.attemptsLeft = attemptsLeft;
    this.attemptNumber = attemptNumber;
    this.failure = failure;
  }

  static SignInAttempt allowed(String key, String userId, int attemptsLeft, long attemptNumber) {
    return new SignInAttempt(Objects.requireNonNull(key, "key"), Objects.requireNonNull(userId, "userId"), attemptsLeft, attemptNumber, null);
  }

  static SignInAttempt refused(Failure failure) {
    return new SignInAttempt(null, null, 0, 0, Objects.requireNonNull(failure, "failure"));
  }

  /**
   * Tells whether the host may check a second factor now.
   *
   * @return {@code true} when this attempt was counted and {@link #subject()} names the user
   */
  public boolean isAllowed() {
    return failure == null;
  }

  /**
   * Returns whose second factor to check: the user who passed the first factor.
   *
   * @return the user id, or empty when not allowed
   */
  public Optional<String> subject() {
    return Optional.ofNullable(userId);
  }

  /**
   * Returns how many further attempts the pending sign-in allows if this one turns out wrong.
   *
   * @return 0 when this is the last attempt (a wrong factor now ends the pending sign-in), or when
   *     not allowed
   */
  public int attemptsLeft() {
    return attemptsLeft;
  }

  /**
   * Returns why no factor may be checked.
   *
   * @return {@link Failure#MALFORMED}, {@link Failure#UNKNOWN} (never begun, completed, or its
   *     attempts used up), {@link Failure#EXPIRED} or {@link Failure#UNAVAILABLE} (the store could
   *     not answer: deny, and let the user retry later); empty when allowed
   */
  public Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  String key() {
    return key;
  }

  long attemptNumber() {
    return attemptNumber;
  }

  /** Returns the outcome and the attempts left; never the user id or the token. */
  @Override
  public String toString() {
    return failure == null ? "SignInAttempt[allowed, attemptsLeft=" + attemptsLeft + "]" : "SignInAttempt[" + failure + "]";
  }
}
