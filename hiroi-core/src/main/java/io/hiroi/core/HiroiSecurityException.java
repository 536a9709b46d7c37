package io.hiroi.core;

/**
 * The unchecked root of every exception hiroi throws. Each module adds a few subclasses named for
 * what the caller can do about them.
 *
 * <p>Expected outcomes (a wrong password, an expired token, a rate-limited request, a failed
 * decryption) are never exceptions: they are result values. An exception means misuse, a broken
 * invariant or an unavailable dependency, and a caller that catches one must deny (fail closed).
 *
 * <p>Messages never contain a secret, token, password, one-time code, key or attacker-supplied
 * text; they may name settings, sizes and key ids.
 *
 * <p>Immutable and thread-safe.
 */
public class HiroiSecurityException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that holds no secret.
   *
   * @param message what went wrong, without secrets
   */
  public HiroiSecurityException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message that holds no secret, keeping its cause.
   *
   * @param message what went wrong, without secrets
   * @param cause the underlying failure (for example a JCA or I/O exception)
   */
  public HiroiSecurityException(String message, Throwable cause) {
    super(message, cause);
  }
}
