package io.hiroi.audit;

import io.hiroi.core.HiroiSecurityException;

/**
 * An event could not be recorded, or a sink could not be opened: the store failed, the queue was
 * full under the fail policy, the log is closed or has failed. The message names what failed
 * (a file, a setting, a count), never an event's content; the cause keeps the I/O or SQL error.
 * Treat it as "deny": an action that must be audited should not proceed unaudited.
 */
public class AuditException extends HiroiSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, without event content
   */
  public AuditException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what failed, without event content
   * @param cause the underlying failure
   */
  public AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
