package io.hiroi.crypto;

/**
 * The host's side of the credential lifecycle: usually its credential repository. {@link
 * CredentialVault} calls it when a credential must change state, so that the change is stored and
 * the user is asked to re-authorize.
 *
 * <p>Implementations must be thread-safe: the vault calls them from any request thread.
 */
@FunctionalInterface
public interface CredentialStatusListener {
  /**
   * Called once when an ACTIVE credential fails to decrypt. The implementation stores {@code
   * invalidated} (status {@link CredentialStatus#INVALID}) and typically notifies the user. An
   * exception thrown here propagates to the caller of {@link CredentialVault#withPlaintext}.
   *
   * @param invalidated the credential with status INVALID
   * @param reason why it did not decrypt, for logs
   */
  void credentialInvalidated(StoredCredential invalidated, DecryptFailure reason);
}
