package io.hiroi.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link RecoveryCodes#redeem}. Log {@link #failure()}; show the user one generic
 * "invalid code".
 *
 * <p>Immutable and thread-safe.
 */
public final class RecoveryCodeRedemption {
  /** Why a code was refused. */
  public enum Failure {
    /** Not {@value RecoveryCodes#CODE_CHARS} characters of the code alphabet (after normalization). */
    MALFORMED,
    /** Not one of the user's unused codes (wrong, already used, or from a replaced set). */
    WRONG_CODE,
    /** The store could not answer; deny (fail closed). */
    UNAVAILABLE
  }

  private static final RecoveryCodeRedemption VALID = new RecoveryCodeRedemption(null);

  private final Failure failure;

  private RecoveryCodeRedemption(Failure failure) {
    this.failure = failure;
  }

  static RecoveryCodeRedemption valid() {
    return VALID;
  }

  static RecoveryCodeRedemption failed(Failure failure) {
    return new RecoveryCodeRedemption(Objects.requireNonNull(failure, "failure"));
  }

  /**
   * Tells whether the code was right and is now used up.
   *
   * @return {@code true} for the one accepted use
   */
  public boolean isValid() {
    return failure == null;
  }

  /**
   * Returns why the code was refused.
   *
   * @return the reason, or empty when valid
   */
  public Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public String toString() {
    return failure == null ? "RecoveryCodeRedemption[valid]" : "RecoveryCodeRedemption[" + failure + "]";
  }
}
