package io.hiroi.cli.internal;

/**
 * A usage or configuration error found while running a command (exit status 2): input too large,
 * an unusable key ring, a setting the library refused. The message is shown as it is and must come
 * from {@link Errors}.
 */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }

  UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
