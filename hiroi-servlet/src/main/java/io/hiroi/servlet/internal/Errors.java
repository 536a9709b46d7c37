package io.hiroi.servlet.internal;

/**
 * Every message this module writes, in one place for review. Messages name settings and sizes;
 * they never hold a header value, an address or anything else a client sent.
 */
public final class Errors {
  private Errors() {}

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
   * A configured value that is not valid.
   *
   * @param setting the setting's name
   * @param rule what a valid value looks like
   * @return the exception to throw
   */
  public static IllegalArgumentException invalid(String setting, String rule) {
    return new IllegalArgumentException(setting + " must be " + rule);
  }

  /**
   * An option set twice on a builder.
   *
   * @param setting the option's name
   * @return the exception to throw
   */
  public static IllegalStateException alreadySet(String setting) {
    return new IllegalStateException(setting + " is already set");
  }

  /**
   * The container gave a remote address that is not an IP literal.
   *
   * @return the exception to throw
   */
  public static IllegalArgumentException badRemoteAddress() {
    return new IllegalArgumentException("the remote address must be an IPv4 or IPv6 literal");
  }

  /**
   * Log line: a key resolver threw, so the request was denied.
   *
   * @param limiter the limiter's name
   * @param exceptionClass the class of what the resolver threw (never its message)
   * @return the line
   */
  public static String keyResolverFailedLog(String limiter, String exceptionClass) {
    return "rate limit key resolver of limiter " + limiter + " threw " + exceptionClass + "; the request is denied";
  }

  /**
   * Log line: the host's widget lookup threw, so the request was denied.
   *
   * @param exceptionClass the class of what it threw (never its message)
   * @return the line
   */
  public static String widgetLookupFailedLog(String exceptionClass) {
    return "widget lookup threw " + exceptionClass + "; the request is denied";
  }

  /**
   * Log line: the session store could not answer on a path where a session is optional.
   *
   * @return the line
   */
  public static String sessionStoreUnavailableLog() {
    return "the session store could not answer; the request goes on without a session (optional path)";
  }
}
