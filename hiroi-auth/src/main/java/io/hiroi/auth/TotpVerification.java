package io.hiroi.auth;

import java.time.Duration;
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
    /** Not the service's number of ASCII digits. */
    MALFORMED,
    /** Not the code of this time step or its neighbours. */
    WRONG_CODE,
    /** The right code, but already used once (RFC 6238, section 5.2). */
    REPLAYED,
    /** The stored secret does not decrypt for this user (another user's, altered, or an unknown key id). */
    SECRET_UNREADABLE,
    /** The replay guard could not answer; deny (fail closed). */
    UNAVAILABLE,
    /** Too many recent failures for this user or client; see {@link #retryAfter()}. */
    THROTTLED
  }

  private static final TotpVerification VALID = new TotpVerification(null, Duration.ZERO);

  private final Failure failure;
  private final Duration retryAfter;

  private TotpVerification(Failure failure, Duration retryAfter) {
    this.failure = failure;
    this.retryAfter = retryAfter;
  }

  static TotpVerification valid() {
    return VALID;
  }

  static TotpVerification failed(Failure failure) {
    return new TotpVerification(Objects.requireNonNull(failure, "failure"), Duration.ZERO);
  }

  static TotpVerification throttled(Duration retryAfter) {
    return new TotpVerification(Failure.THROTTLED, Objects.requireNonNull(retryAfter, "retryAfter"));
  }

  /**
   * Returns how long the client should wait before trying again (for a {@code Retry-After} header).
   *
   * @return the wait when {@link Failure#THROTTLED}, else zero
   */
  public Duration retryAfter() {
    return retryAfter;
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
    if (failure == null) {
      return "TotpVerification[valid]";
    }
    return failure == Failure.THROTTLED ? "TotpVerification[THROTTLED, retryAfter=" + retryAfter + "]" : "TotpVerification[" + failure + "]";
  }
}
