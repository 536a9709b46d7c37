package io.hiroi.auth;

import io.hiroi.core.HiroiSecurityException;

/**
 * A session, token or device store could not answer (Redis unreachable or timed out, a full in-memory
 * store, a corrupt record), or a {@linkplain AuthAudit#required required} audit record could not be
 * written. The operation did not happen, or may not have: deny the request (fail
 * closed) and retry later. The message names the operation, never a token or user id.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuthStoreException extends HiroiSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, without secrets
   */
  public AuthStoreException(String message) {
    super(message);
  }

  /**
   * Creates the exception, keeping its cause.
   *
   * @param message what failed, without secrets
   * @param cause the underlying failure
   */
  public AuthStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
