package io.hiroi.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a {@link CsrfTokens} check. Refuse a state-changing request that is not allowed
 * with {@code 403} and one generic message; log {@link #failure()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class CsrfCheck {
  /** Why a request was refused. */
  public enum Failure {
    /** No token was submitted, or there is no session to check it against. */
    MISSING_TOKEN,
    /** The submitted token is not of the masked-token form. */
    MALFORMED_TOKEN,
    /** The token belongs to another session (or was forged). */
    TOKEN_MISMATCH,
    /** The browser says another site started the request ({@code Sec-Fetch-Site}). */
    CROSS_SITE_REQUEST,
    /** The {@code Origin} header names an origin that is not trusted. */
    UNTRUSTED_ORIGIN
  }

  private static final CsrfCheck ALLOWED = new CsrfCheck(null);

  private final Failure failure;

  private CsrfCheck(Failure failure) {
    this.failure = failure;
  }

  static CsrfCheck allowed() {
    return ALLOWED;
  }

  static CsrfCheck refused(Failure failure) {
    return new CsrfCheck(Objects.requireNonNull(failure, "failure"));
  }

  /**
   * Tells whether the request may go ahead.
   *
   * @return {@code true} if allowed
   */
  public boolean isAllowed() {
    return failure == null;
  }

  /**
   * Returns why the request was refused.
   *
   * @return the reason, or empty when allowed
   */
  public Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public String toString() {
    return failure == null ? "CsrfCheck[allowed]" : "CsrfCheck[" + failure + "]";
  }
}
