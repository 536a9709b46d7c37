package io.hiroi.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * The credential lifecycle over {@link CredentialCipher}, as security pages promise it: "any
 * decrypt error flags the credential INVALID and prompts re-authorization rather than retrying";
 * "disconnect marks it REVOKED; blobs retained for audit but functionally unreadable".
 *
 * <ul>
 *   <li>The context of every credential comes from the host's {@link CredentialContext}, computed
 *       from the record's id: an envelope copied into another record never decrypts there.
 *   <li>A REVOKED credential is never decrypted, whatever its envelope.
 *   <li>An INVALID credential is not retried: only {@link #reauthorize} (new plaintext from the
 *       user) makes it ACTIVE again.
 *   <li>An ACTIVE credential that fails to decrypt is reported once to the host's {@link
 *       CredentialStatusListener}, which stores it as INVALID.
 *   <li>The plaintext exists only while the caller's action runs, and is overwritten with zeros
 *       when it returns or throws; the action must not keep the array.
 * </ul>
 *
 * <p>Immutable and thread-safe; share one instance.
 *
 * <pre>{@code
 * CredentialVault vault =
 *     CredentialVault.create(cipher, id -> "tenant/42/credential/" + id, repository::markInvalid);
 * CredentialAccess<Profile> access = vault.withPlaintext(stored, token -> linkedIn.profile(token));
 * if (!access.isSuccess()) {
 *   askUserToReconnect(access.status());
 * }
 * }</pre>
 */
public final class CredentialVault {
  private final CredentialCipher cipher;
  private final CredentialContext contexts;
  private final CredentialStatusListener listener;

  private CredentialVault(CredentialCipher cipher, CredentialContext contexts, CredentialStatusListener listener) {
    this.cipher = cipher;
    this.contexts = contexts;
    this.listener = listener;
  }

  /**
   * Creates a vault.
   *
   * @param cipher the cipher whose purpose the credentials were sealed under
   * @param contexts computes each credential's context from its id (never from a stored column)
   * @param listener the host's repository, told when a credential becomes INVALID
   * @return a new vault
   */
  public static CredentialVault create(
      CredentialCipher cipher, CredentialContext contexts, CredentialStatusListener listener) {
    return new CredentialVault(
        Objects.requireNonNull(cipher, "cipher"), Objects.requireNonNull(contexts, "contexts"),
        Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Encrypts a new credential, ACTIVE.
   *
   * @param id the host's credential id (the record's key)
   * @param plaintext the secret; the caller zeroes its array when done
   * @return the credential to store
   * @throws IllegalArgumentException if the id or its context is invalid or the plaintext too
   *     large
   */
  public StoredCredential seal(String id, byte[] plaintext) {
    StoredCredential.checkId(id);
    String envelope = cipher.encrypt(plaintext, contexts.contextOf(id));
    return StoredCredential.of(id, CredentialStatus.ACTIVE, envelope);
  }

  /**
   * Decrypts an ACTIVE credential and runs {@code action} on the plaintext, which is zeroed when
   * the action returns or throws. INVALID and REVOKED credentials are refused without decrypting.
   *
   * @param credential the stored credential
   * @param action what to do with the plaintext; must not keep the array
   * @param <T> the action's result type
   * @param <E> the checked exception the action may throw
   * @return the action's result, or the status that refused it
   * @throws E whatever the action throws (the plaintext is zeroed first)
   */
  public <T, E extends Exception> CredentialAccess<T> withPlaintext(
      StoredCredential credential, PlaintextAction<T, E> action) throws E {
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(action, "action");
    if (credential.status() != CredentialStatus.ACTIVE) {
      return CredentialAccess.refused(credential.status(), null);
    }
    try (Decryption decryption = cipher.decrypt(credential.envelope(), contexts.contextOf(credential.id()))) {
      if (!decryption.isSuccess()) {
        DecryptFailure reason = decryption.failure().orElseThrow();
        listener.credentialInvalidated(credential.withStatus(CredentialStatus.INVALID), reason);
        return CredentialAccess.refused(CredentialStatus.INVALID, reason);
      }
      byte[] plaintext = decryption.plaintext();
      try {
        return CredentialAccess.success(action.apply(plaintext));
      } finally {
        Arrays.fill(plaintext, (byte) 0);
      }
    }
  }

  /**
   * Marks a credential REVOKED. The envelope is kept for audit; the credential will never be
   * decrypted again.
   *
   * @param credential the credential
   * @return the REVOKED credential to store
   */
  public StoredCredential revoke(StoredCredential credential) {
    return Objects.requireNonNull(credential, "credential").withStatus(CredentialStatus.REVOKED);
  }

  /**
   * Replaces the secret of an ACTIVE or INVALID credential with a new one from the user (a new
   * OAuth grant, a new API key), making it ACTIVE. A REVOKED credential stays revoked: connect a
   * new credential instead.
   *
   * @param credential the credential
   * @param plaintext the new secret; the caller zeroes its array when done
   * @return the ACTIVE credential to store
   * @throws IllegalStateException if the credential is REVOKED
   */
  public StoredCredential reauthorize(StoredCredential credential, byte[] plaintext) {
    Objects.requireNonNull(credential, "credential");
    if (credential.status() == CredentialStatus.REVOKED) {
      throw new IllegalStateException("a revoked credential cannot be re-authorized; connect a new one");
    }
    return credential.withEnvelope(cipher.encrypt(plaintext, contexts.contextOf(credential.id())), CredentialStatus.ACTIVE);
  }

  /**
   * Re-encrypts an ACTIVE credential under the primary key when it was written under an older
   * one. A credential that fails to decrypt is reported as INVALID, as in {@link #withPlaintext}.
   *
   * @param credential the credential
   * @return the credential to store: re-encrypted, unchanged (already primary, or not ACTIVE), or
   *     INVALID
   */
  public StoredCredential rewrapIfNeeded(StoredCredential credential) {
    Objects.requireNonNull(credential, "credential");
    if (credential.status() != CredentialStatus.ACTIVE || !cipher.needsRewrap(credential.envelope())) {
      return credential;
    }
    Rewrap rewrap = cipher.rewrap(credential.envelope(), contexts.contextOf(credential.id()));
    if (!rewrap.isSuccess()) {
      StoredCredential invalid = credential.withStatus(CredentialStatus.INVALID);
      listener.credentialInvalidated(invalid, rewrap.failure().orElseThrow());
      return invalid;
    }
    return credential.withEnvelope(rewrap.envelope(), CredentialStatus.ACTIVE);
  }

  /**
   * An action on a credential's plaintext.
   *
   * @param <T> its result type
   * @param <E> the checked exception it may throw
   */
  @FunctionalInterface
  public interface PlaintextAction<T, E extends Exception> {
    /**
     * Uses the plaintext. The array is zeroed after this returns: do not keep it.
     *
     * @param plaintext the decrypted credential
     * @return a result
     * @throws E on failure
     */
    T apply(byte[] plaintext) throws E;
  }
}
