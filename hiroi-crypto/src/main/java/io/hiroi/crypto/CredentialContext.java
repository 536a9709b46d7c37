package io.hiroi.crypto;

/**
 * Computes a credential's context (the associated data its envelope is bound to) from the
 * record's identity, such as {@code id -> "tenant/" + tenantOf(id) + "/credential/" + id}. It must
 * be derived from what identifies the record (its primary key and owner), never read from a
 * stored column: a context stored next to its envelope moves with it, and the binding that makes a
 * ciphertext copied into another record fail is lost.
 *
 * <p>Implementations must be thread-safe and deterministic.
 */
@FunctionalInterface
public interface CredentialContext {
  /**
   * Returns the context of the credential with this id.
   *
   * @param credentialId the host's credential id (the record's key)
   * @return 1 to 1024 characters of well-formed UTF-16
   */
  String contextOf(String credentialId);
}
