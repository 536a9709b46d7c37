package io.hiroi.ratelimit.internal;

import io.hiroi.ratelimit.RateLimitBackendException;

/**
 * Every message this module writes, in one place for review. Messages name settings, ranges and
 * sizes; they never hold a key's value (user ids, IP addresses) or anything a client sent.
 */
public final class Errors {
  private Errors() {}

  // ---- configuration ----

  /**
   * A setting outside its range.
   *
   * @param setting the setting's name
   * @param range the allowed range, as text
   * @param was the rejected value, as text
   * @return the exception to throw
   */
  public static IllegalArgumentException outOfRange(String setting, String range, String was) {
    return new IllegalArgumentException(setting + " must be between " + range + ", was " + was);
  }

  /**
   * A name or namespace with characters it may not have.
   *
   * @param setting the setting's name
   * @param maxLength its maximum length
   * @return the exception to throw
   */
  public static IllegalArgumentException badName(String setting, int maxLength) {
    return new IllegalArgumentException(
        setting + " must be 1 to " + maxLength + " of a-z 0-9 . _ - (namespace: a-z 0-9 _ -), starting with a letter or digit");
  }

  /**
   * An option set twice on a builder.
   *
   * @param setting the setting's name
   * @return the exception to throw
   */
  public static IllegalStateException alreadySet(String setting) {
    return new IllegalStateException(setting + " was already set");
  }

  /**
   * A builder without a required setting.
   *
   * @param what what is missing
   * @return the exception to throw
   */
  public static IllegalStateException missing(String what) {
    return new IllegalStateException(what);
  }

  /**
   * Two limits of one limiter with one name.
   *
   * @param name the duplicated name
   * @return the exception to throw
   */
  public static IllegalArgumentException duplicateLimit(String name) {
    return new IllegalArgumentException("limit names must be unique within a limiter, " + name + " appears twice");
  }

  /**
   * More permits asked for than a limit's burst allows at once.
   *
   * @param permits the permits asked for
   * @param limit the limit's name
   * @param burst its burst
   * @return the exception to throw
   */
  public static IllegalArgumentException permitsAboveBurst(long permits, String limit, long burst) {
    return new IllegalArgumentException(
        "permits must be between 1 and the smallest burst, "
            + burst
            + " (limit "
            + limit
            + "), was "
            + permits
            + ": such a request could never be allowed");
  }

  // ---- backend ----

  /**
   * The in-memory backend holds its maximum number of live keys.
   *
   * @param maxKeys the configured maximum
   * @return the exception that makes the decision unavailable
   */
  public static RateLimitBackendException full(long maxKeys) {
    return new RateLimitBackendException(
        "the in-memory rate-limit backend holds its maximum of " + maxKeys + " live keys; denying new keys until some expire");
  }

  /**
   * A backend reply of an unexpected shape.
   *
   * @param what which reply
   * @return the exception that makes the decision unavailable
   */
  public static RateLimitBackendException badReply(String what) {
    return new RateLimitBackendException("unexpected reply from the rate-limit backend to " + what);
  }

  /**
   * A backend failure, wrapped.
   *
   * @param what which call
   * @param cause the backend's exception
   * @return the exception
   */
  public static RateLimitBackendException failed(String what, Throwable cause) {
    return new RateLimitBackendException("the rate-limit backend failed to " + what, cause);
  }

  // ---- log lines ----

  /**
   * The log line when a limiter first finds its backend unavailable.
   *
   * @param kind rate limiter, connection cap or throttle
   * @param name its name
   * @param cause what went wrong
   * @param failOpen whether the instance fails open
   * @return the line
   */
  public static String unavailableLog(String kind, String name, Throwable cause, boolean failOpen) {
    return kind
        + " "
        + name
        + ": backend unavailable ("
        + describe(cause)
        + "); "
        + (failOpen ? "ALLOWING requests (insecureAllowFailOpen)" : "denying requests")
        + " until it answers again";
  }

  /**
   * The log line when a limiter's backend answers again.
   *
   * @param kind rate limiter, connection cap or throttle
   * @param name its name
   * @return the line
   */
  public static String recoveredLog(String kind, String name) {
    return kind + " " + name + ": backend answers again";
  }

  /**
   * The log line when a listener threw.
   *
   * @param name the limiter's name
   * @return the line
   */
  public static String listenerFailedLog(String name) {
    return "rate-limit listener of " + name + " threw; the decision stands";
  }

  /**
   * Describes a failure by its class and message, for a log line.
   *
   * @param cause the failure
   * @return the description
   */
  public static String describe(Throwable cause) {
    Throwable t = cause;
    while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof java.util.concurrent.TimeoutException) {
      return "no answer within the timeout";
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
