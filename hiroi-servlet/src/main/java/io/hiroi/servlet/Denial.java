package io.hiroi.servlet;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a filter refused a request, for a {@link DenialHandler}: the reason and its detail (for the
 * server's logs; the client should see one generic answer), the HTTP status the default handler
 * sends, and how long the client should wait, when that is known.
 *
 * <p>Immutable and thread-safe.
 */
public final class Denial {
  /** Why the request was refused. */
  public enum Reason {
    /** A rate limit was reached. */
    RATE_LIMITED,
    /** The rate limiter's backend could not be asked in time: fail closed. */
    RATE_LIMITER_UNAVAILABLE,
    /** The rate-limit key could not be worked out (the host's key resolver failed). */
    RATE_LIMIT_KEY_UNRESOLVED,
    /**
     * A widget API request's {@code Origin} is missing, {@code null}, malformed, sent twice or not
     * on the widget's safelist (403; {@link #detail()} names the safelist's reason).
     */
    ORIGIN_REFUSED,
    /** A CORS preflight asked for a method or header the widget API does not allow (403). */
    CORS_PREFLIGHT_REFUSED,
    /** The request names no widget the host knows, or the host's lookup failed (404). */
    UNKNOWN_WIDGET,
    /**
     * The widget session token is missing, malformed, forged, expired, or was issued for another
     * widget or origin (401; {@link #detail()} names the verifier's reason).
     */
    WIDGET_TOKEN_INVALID,
    /**
     * A path that requires a session was requested without a live one: no cookie, or a malformed,
     * unknown, idle or expired session (401, or a redirect to sign-in; {@link #detail()} names
     * the reason).
     */
    SESSION_REQUIRED,
    /** The session store could not answer, so no session could be confirmed: fail closed (503). */
    SESSION_STORE_UNAVAILABLE,
    /**
     * A state-changing request failed the CSRF checks: another site started it, its {@code
     * Origin} is not trusted, or the CSRF token is missing, malformed or of another session (403;
     * {@link #detail()} names the reason).
     */
    CSRF_REFUSED
  }

  private final Reason reason;
  private final int status;
  private final Duration retryAfter;
  private final String detail;

  private Denial(Reason reason, int status, Duration retryAfter, String detail) {
    this.reason = reason;
    this.status = status;
    this.retryAfter = retryAfter;
    this.detail = detail;
  }

  static Denial of(Reason reason, int status, Duration retryAfter) {
    return new Denial(Objects.requireNonNull(reason, "reason"), status, retryAfter, null);
  }

  static Denial withDetail(Reason reason, int status, String detail) {
    return new Denial(Objects.requireNonNull(reason, "reason"), status, null, Objects.requireNonNull(detail, "detail"));
  }

  /**
   * Returns why the request was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns the HTTP status the default handler sends.
   *
   * @return the status
   */
  public int status() {
    return status;
  }

  /**
   * Returns how long the client should wait before trying again, when known.
   *
   * @return the wait
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * Returns the core's own reason, for the server's logs: the name of an enum constant of the
   * deciding core ({@code NOT_ALLOWED} of {@code OriginCheck.Denial}, {@code EXPIRED} of {@code
   * WidgetSessionVerification.Failure}, {@code IDLE_TIMEOUT} of {@code SessionValidation.Failure},
   * {@code TOKEN_MISMATCH} of {@code CsrfCheck.Failure}, ...) or a short upper-case name the filter
   * chose ({@code MISSING}, {@code REPEATED_HEADER}). Never text the client sent.
   *
   * @return the detail, when there is one
   */
  public Optional<String> detail() {
    return Optional.ofNullable(detail);
  }

  @Override
  public String toString() {
    return "Denial{" + reason + ", " + status + (detail == null ? "" : ", " + detail)
        + (retryAfter == null ? "" : ", retryAfter=" + retryAfter) + "}";
  }
}
