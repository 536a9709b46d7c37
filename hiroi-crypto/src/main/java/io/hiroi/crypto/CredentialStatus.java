package io.hiroi.crypto;

/** The lifecycle state of a {@link StoredCredential}. */
public enum CredentialStatus {
  /** Usable: {@link CredentialVault#withPlaintext} decrypts it. */
  ACTIVE,
  /**
   * A decryption failed once; the credential is not retried and the user must re-authorize
   * ({@link CredentialVault#reauthorize}).
   */
  INVALID,
  /** Disconnected by the user or an operator: the envelope is kept for audit, but never decrypted. */
  REVOKED
}
