package io.hiroi.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link TotpService#verify}. Log {@link #failure()}; show the user one generic
 * "invalid code".
 *
 * <p>Immutable and thread-safe.
 */
public final class TotpVerification {
  /** Why a code was refused. */
  public enum Failure {
    /** Not {@value TotpService#DIGITS} ASCII digits. */
    MALFORMED,
    /** Not the code of this time step or its neighbours. */
    WRONG_CODE,
    /** The right code, but already used once (RFC 6238, section 5.2). */
    REPLAYED,
    /** The stored secret does not decrypt for this user (another user's, altered, or an unknown key id). */
    SECRET_UNREADABLE,
    /** The replay guard could not answer; deny (fail closed). */
    UNAVAILABLE
  }

  private static final TotpVerification VALID = new TotpVerification(null);

  private final Failure failure;

  private TotpVerification(Failure failure) {
    this.failure = failure;
  }

  static TotpVerification valid() {
    return VALID;
  }

  static TotpVerification failed(Failure failure) {
    return new TotpVerification(Objects.requireNonNull(failure, "failure"));
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
    return failure == null ? "TotpVerification[valid]" : "TotpVerification[" + failure + "]";
  }
}
