package io.hiroi.auth;

import java.util.List;

/**
 * A new set of recovery codes, as {@link RecoveryCodes#generate} makes it: show the codes once
 * (over HTTPS, for the user to print or save), never log or store them, and drop this object; the
 * store holds only their hashes.
 *
 * <p>{@link #toString()} is {@code [redacted]}. Immutable and thread-safe.
 */
public final class RecoveryCodeSet {
  private final List<String> codes;

  RecoveryCodeSet(List<String> codes) {
    this.codes = List.copyOf(codes);
  }

  /**
   * Returns the codes, each {@code XXXX-XXXX-XXXX-XXXX}.
   *
   * @return an unmodifiable list; bearer secrets
   */
  public List<String> codes() {
    return codes;
  }

  /** Returns {@code RecoveryCodeSet[redacted]} with the number of codes. */
  @Override
  public String toString() {
    return "RecoveryCodeSet[" + codes.size() + " codes, redacted]";
  }
}
