package io.hiroi.crypto;

import io.hiroi.crypto.internal.Errors;
import java.util.Objects;

/**
 * A credential as the host stores it: its id (the record's key), lifecycle status and envelope
 * (base64url, envelope v1). The context the envelope is bound to is deliberately not part of it:
 * {@link CredentialVault} computes it from the id with the host's {@link CredentialContext}, so an
 * envelope copied into another record fails to decrypt there. The envelope is ciphertext, but
 * {@link #toString()} leaves it out all the same.
 *
 * <p>Immutable and thread-safe.
 */
public final class StoredCredential {
  private static final int MAX_ID_LENGTH = 256;

  private final String id;
  private final CredentialStatus status;
  private final String envelope;

  private StoredCredential(String id, CredentialStatus status, String envelope) {
    this.id = id;
    this.status = status;
    this.envelope = envelope;
  }

  /**
   * Rebuilds a stored credential from the host's record.
   *
   * @param id the host's credential id, 1 to 256 characters
   * @param status its status
   * @param envelope the envelope text
   * @return the value
   * @throws IllegalArgumentException if the id is empty or too long
   */
  public static StoredCredential of(String id, CredentialStatus status, String envelope) {
    checkId(id);
    return new StoredCredential(
        id, Objects.requireNonNull(status, "status"), Objects.requireNonNull(envelope, "envelope"));
  }

  /**
   * Returns the host's credential id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Returns the lifecycle status.
   *
   * @return the status
   */
  public CredentialStatus status() {
    return status;
  }

  /**
   * Returns the envelope text (ciphertext; retained even when revoked, for audit).
   *
   * @return the envelope
   */
  public String envelope() {
    return envelope;
  }

  static void checkId(String id) {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(Errors.credentialIdInvalid(id.length()));
    }
  }

  StoredCredential withStatus(CredentialStatus newStatus) {
    return new StoredCredential(id, newStatus, envelope);
  }

  StoredCredential withEnvelope(String newEnvelope, CredentialStatus newStatus) {
    return new StoredCredential(id, newStatus, newEnvelope);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof StoredCredential)) {
      return false;
    }
    StoredCredential other = (StoredCredential) o;
    return id.equals(other.id) && status == other.status && envelope.equals(other.envelope);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, status, envelope);
  }

  /** Names the id and status; leaves out the envelope. */
  @Override
  public String toString() {
    return "StoredCredential[id=" + id + ", status=" + status + "]";
  }
}
