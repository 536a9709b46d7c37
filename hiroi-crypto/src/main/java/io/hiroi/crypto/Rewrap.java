package io.hiroi.crypto;

import io.hiroi.crypto.internal.Errors;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link CredentialCipher#rewrap}: the envelope re-encrypted under the primary key,
 * or the reason the old envelope did not decrypt. Holds no plaintext.
 *
 * <p>Immutable and thread-safe.
 */
public final class Rewrap {
  private final String envelope;
  private final DecryptFailure failure;

  private Rewrap(String envelope, DecryptFailure failure) {
    this.envelope = envelope;
    this.failure = failure;
  }

  static Rewrap success(String envelope) {
    return new Rewrap(Objects.requireNonNull(envelope, "envelope"), null);
  }

  static Rewrap failed(DecryptFailure failure) {
    return new Rewrap(null, Objects.requireNonNull(failure, "failure"));
  }

  /**
   * Tells whether the envelope was re-encrypted.
   *
   * @return {@code true} when {@link #envelope()} may be called
   */
  public boolean isSuccess() {
    return failure == null;
  }

  /**
   * Returns the new envelope, base64url without padding.
   *
   * @return the envelope under the primary key
   * @throws IllegalStateException if the rewrap failed
   */
  public String envelope() {
    if (failure != null) {
      throw new IllegalStateException(Errors.notSuccessful("rewrap", failure));
    }
    return envelope;
  }

  /**
   * Returns why the old envelope did not decrypt.
   *
   * @return the reason, or empty on success
   */
  public Optional<DecryptFailure> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public String toString() {
    return failure == null ? "Rewrap[success]" : "Rewrap[failure=" + failure + "]";
  }
}
