package io.hiroi.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a {@link FactorChanges} call: whether the change was made (its persisting
 * action ran), and how many of the user's other sessions ended.
 *
 * <p>Immutable and thread-safe.
 */
public final class FactorChangeOutcome {
  /** Why a change was not made. */
  public enum Failure {
    /**
     * A {@linkplain AuthAudit#required required} audit record could not be written: the
     * persisting action did not run and no session ended.
     */
    AUDIT_UNAVAILABLE
  }

  private final Failure failure;
  private final int otherSessionsEnded;

  private FactorChangeOutcome(Failure failure, int otherSessionsEnded) {
    this.failure = failure;
    this.otherSessionsEnded = otherSessionsEnded;
  }

  static FactorChangeOutcome applied(int otherSessionsEnded) {
    return new FactorChangeOutcome(null, otherSessionsEnded);
  }

  static FactorChangeOutcome refused(Failure failure) {
    return new FactorChangeOutcome(Objects.requireNonNull(failure, "failure"), 0);
  }

  /**
   * Tells whether the change was recorded and its persisting action ran.
   *
   * @return {@code true} if the change was made
   */
  public boolean isApplied() {
    return failure == null;
  }

  /**
   * Returns how many of the user's other sessions ended.
   *
   * @return the count, 0 when none ended or signing out was not configured for this change
   */
  public int otherSessionsEnded() {
    return otherSessionsEnded;
  }

  /**
   * Returns why the change was not made.
   *
   * @return the reason, or empty when applied
   */
  public Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public String toString() {
    return failure == null ? "FactorChangeOutcome[applied, otherSessionsEnded=" + otherSessionsEnded + "]" : "FactorChangeOutcome[" + failure + "]";
  }
}
