package io.hiroi.crypto;

import io.hiroi.crypto.internal.Errors;
import java.util.Optional;

/**
 * The outcome of {@link CredentialVault#withPlaintext}: the action's result, or the status that
 * kept the credential from being used ({@link CredentialStatus#INVALID}: re-authorization needed;
 * {@link CredentialStatus#REVOKED}: disconnected).
 *
 * <p>Immutable and thread-safe if the result value is.
 *
 * @param <T> the action's result type
 */
public final class CredentialAccess<T> {
  private final T value;
  private final CredentialStatus status;
  private final DecryptFailure failure;

  private CredentialAccess(T value, CredentialStatus status, DecryptFailure failure) {
    this.value = value;
    this.status = status;
    this.failure = failure;
  }

  static <T> CredentialAccess<T> success(T value) {
    return new CredentialAccess<>(value, CredentialStatus.ACTIVE, null);
  }

  static <T> CredentialAccess<T> refused(CredentialStatus status, DecryptFailure failure) {
    return new CredentialAccess<>(null, status, failure);
  }

  /**
   * Tells whether the action ran.
   *
   * @return {@code true} when the credential decrypted and the action returned
   */
  public boolean isSuccess() {
    return status == CredentialStatus.ACTIVE;
  }

  /**
   * Returns the action's result.
   *
   * @return the value the action returned (may be null if the action returned null)
   * @throws IllegalStateException if the action did not run
   */
  public T value() {
    if (!isSuccess()) {
      throw new IllegalStateException(Errors.notSuccessful("credential access", status));
    }
    return value;
  }

  /**
   * Returns the credential's status as of this access: ACTIVE on success, INVALID when it needs
   * re-authorization, REVOKED when it was disconnected.
   *
   * @return the status
   */
  public CredentialStatus status() {
    return status;
  }

  /**
   * Returns the decryption failure that invalidated the credential during this access, if any.
   *
   * @return the reason, or empty if no decryption failed in this access
   */
  public Optional<DecryptFailure> decryptFailure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public String toString() {
    return "CredentialAccess[status=" + status + (failure == null ? "" : ", failure=" + failure) + "]";
  }
}
