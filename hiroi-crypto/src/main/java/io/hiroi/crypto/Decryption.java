package io.hiroi.crypto;

import io.hiroi.crypto.internal.Errors;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link CredentialCipher#decrypt}: either the plaintext or a {@link
 * DecryptFailure}. A failed decryption holds no plaintext at all.
 *
 * <p>Not thread-safe: it owns a plaintext buffer that {@link #close()} overwrites. Use it on one
 * thread, in try-with-resources, and do not keep it.
 *
 * <pre>{@code
 * try (Decryption d = cipher.decrypt(envelope, "tenant/42/credential/7")) {
 *   if (!d.isSuccess()) {
 *     log.warn("credential 7 failed to decrypt: {}", d.failure().get());
 *     return;
 *   }
 *   use(d.plaintext());
 * }
 * }</pre>
 */
public final class Decryption implements AutoCloseable {
  private final byte[] plaintext;
  private final DecryptFailure failure;

  private Decryption(byte[] plaintext, DecryptFailure failure) {
    this.plaintext = plaintext;
    this.failure = failure;
  }

  static Decryption success(byte[] plaintext) {
    return new Decryption(Objects.requireNonNull(plaintext, "plaintext"), null);
  }

  static Decryption failed(DecryptFailure failure) {
    return new Decryption(null, Objects.requireNonNull(failure, "failure"));
  }

  /**
   * Tells whether the envelope decrypted.
   *
   * @return {@code true} when {@link #plaintext()} may be called
   */
  public boolean isSuccess() {
    return failure == null;
  }

  /**
   * Returns the plaintext buffer itself (not a copy): it is overwritten by {@link #close()}.
   *
   * @return the plaintext
   * @throws IllegalStateException if decryption failed
   */
  public byte[] plaintext() {
    if (failure != null) {
      throw new IllegalStateException(Errors.notSuccessful("decryption", failure));
    }
    return plaintext;
  }

  /**
   * Returns why decryption failed.
   *
   * @return the reason, or empty on success
   */
  public Optional<DecryptFailure> failure() {
    return Optional.ofNullable(failure);
  }

  /** Overwrites the plaintext with zeros. */
  @Override
  public void close() {
    if (plaintext != null) {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /** Returns the outcome without the plaintext. */
  @Override
  public String toString() {
    return failure == null ? "Decryption[success, plaintext=[redacted]]" : "Decryption[failure=" + failure + "]";
  }
}
