package io.hiroi.auth.internal;

import io.hiroi.auth.AuthStoreException;
import java.time.Duration;

/**
 * Every message this module writes, in one place for review. Messages name settings, ranges,
 * sizes and store operations; they never hold a token, a cookie value, a password, a user id or
 * anything a client sent.
 */
public final class Errors {
  private Errors() {}

  /**
   * A setting outside its range.
   *
   * @param setting the setting's name
   * @param range the allowed range, as text
   * @param was the rejected value, as text (a setting, never a secret)
   * @return the exception to throw
   */
  public static IllegalArgumentException outOfRange(String setting, String range, Object was) {
    return new IllegalArgumentException(setting + " must be " + range + ", was " + was);
  }

  /**
   * A duration setting outside its range.
   *
   * @param setting the setting's name
   * @param min the smallest allowed value
   * @param max the largest allowed value
   * @param was the rejected value
   * @return the exception to throw
   */
  public static IllegalArgumentException durationRange(String setting, Duration min, Duration max, Duration was) {
    return outOfRange(setting, "between " + min + " and " + max, was);
  }

  /**
   * Two settings that contradict each other.
   *
   * @param what the rule that was broken
   * @return the exception to throw
   */
  public static IllegalArgumentException inconsistent(String what) {
    return new IllegalArgumentException(what);
  }

  /**
   * An option set twice on a builder.
   *
   * @param setting the setting's name
   * @return the exception to throw
   */
  public static IllegalStateException settingTwice(String setting) {
    return new IllegalStateException(setting + " was already set");
  }

  /**
   * An identifier argument (user id, subject) of the wrong shape; the value itself is not shown.
   *
   * @param name the argument's name
   * @param maxLength its longest allowed length
   * @param length the rejected value's length
   * @return the exception to throw
   */
  public static IllegalArgumentException badIdentifier(String name, int maxLength, int length) {
    return new IllegalArgumentException(
        name + " must be 1 to " + maxLength + " characters without control characters, was " + length + " characters");
  }

  /**
   * A store operation that failed (Redis unreachable, timed out, a script error).
   *
   * @param operation what the store was doing
   * @param cause the underlying failure
   * @return the exception to throw
   */
  public static AuthStoreException storeFailed(String operation, Throwable cause) {
    return new AuthStoreException("store could not " + operation + ": " + cause.getClass().getSimpleName(), cause);
  }

  /**
   * A store reply that does not have the expected shape (a corrupt or foreign record).
   *
   * @param operation what the store was doing
   * @return the exception to throw
   */
  public static AuthStoreException badReply(String operation) {
    return new AuthStoreException("store returned a malformed reply to " + operation);
  }

  /**
   * The in-memory store holds its maximum number of entries.
   *
   * @param what the kind of entry
   * @param max the configured maximum
   * @return the exception to throw
   */
  public static AuthStoreException full(String what, int max) {
    return new AuthStoreException("in-memory store holds its maximum of " + max + " " + what + "; raise the maximum or use Redis");
  }

  /**
   * A store operation that kept finding its data changed under it (an optimistic retry gave up).
   *
   * @param operation what the store was doing
   * @param attempts how many times it tried
   * @return the exception to throw
   */
  public static AuthStoreException contended(String operation, int attempts) {
    return new AuthStoreException("store could not " + operation + ": the data kept changing during " + attempts + " attempts");
  }

  /**
   * A required audit record could not be written, so the granting outcome did not happen.
   *
   * @param eventType the event's type
   * @return the exception to throw
   */
  public static AuthStoreException auditFailed(String eventType) {
    return new AuthStoreException("required audit record " + eventType + " could not be written; the operation was undone");
  }

  /**
   * A required builder setting that was not set.
   *
   * @param setting the setting's name
   * @return the exception to throw
   */
  public static IllegalStateException missing(String setting) {
    return new IllegalStateException(setting + " must be set");
  }
}
