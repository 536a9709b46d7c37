package io.hiroi.auth;

import io.hiroi.crypto.TokenVerification;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link OAuthStateCodec#verify}: the flow's customer id, platform, return URL and
 * PKCE code verifier, or why the callback must be refused (before any database write). Log the
 * failure; show the user one generic "the sign-in could not be completed".
 *
 * <p>Immutable and thread-safe.
 */
public final class OAuthStateVerification {
  /** Why a state was refused. */
  public enum Failure {
    /** No binding cookie, or one not of the verifier form. */
    NO_BINDING_COOKIE,
    /** The state is not a valid token of this purpose: see {@link #tokenFailure()}. */
    INVALID_TOKEN,
    /** The state expired. */
    EXPIRED,
    /** A valid state from another browser's flow (the cookie's verifier does not match). */
    OTHER_BROWSER,
    /** A signed state that lacks a claim or holds an unacceptable one (return URL, platform). */
    BAD_CLAIMS
  }

  private final String customerId;
  private final String platform;
  private final String returnUrl;
  private final String codeVerifier;
  private final Failure failure;
  private final TokenVerification.Failure tokenFailure;

  private OAuthStateVerification(
      String customerId, String platform, String returnUrl, String codeVerifier, Failure failure, TokenVerification.Failure tokenFailure) {
    this.customerId = customerId;
    this.platform = platform;
    this.returnUrl = returnUrl;
    this.codeVerifier = codeVerifier;
    this.failure = failure;
    this.tokenFailure = tokenFailure;
  }

  static OAuthStateVerification valid(String customerId, String platform, String returnUrl, String codeVerifier) {
    return new OAuthStateVerification(
        Objects.requireNonNull(customerId), Objects.requireNonNull(platform), Objects.requireNonNull(returnUrl), Objects.requireNonNull(codeVerifier), null, null);
  }

  static OAuthStateVerification invalid(Failure failure, TokenVerification.Failure tokenFailure) {
    return new OAuthStateVerification(null, null, null, null, Objects.requireNonNull(failure), tokenFailure);
  }

  /**
   * Tells whether the state is valid and belongs to this browser's flow.
   *
   * @return {@code true} if valid
   */
  public boolean isValid() {
    return failure == null;
  }

  /**
   * Returns the customer id the flow was started for.
   *
   * @return the customer id
   * @throws IllegalStateException if not valid
   */
  public String customerId() {
    return checked(customerId);
  }

  /**
   * Returns the target platform (for example {@code linkedin}).
   *
   * @return the platform
   * @throws IllegalStateException if not valid
   */
  public String platform() {
    return checked(platform);
  }

  /**
   * Returns the same-origin return URL, checked again by the codec's {@link ReturnUrlPolicy}.
   *
   * @return the return URL
   * @throws IllegalStateException if not valid
   */
  public String returnUrl() {
    return checked(returnUrl);
  }

  /**
   * Returns the PKCE code verifier to send with the token request.
   *
   * @return the verifier, a secret
   * @throws IllegalStateException if not valid
   */
  public String codeVerifier() {
    return checked(codeVerifier);
  }

  /**
   * Returns why the state was refused.
   *
   * @return the reason, or empty when valid
   */
  public Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Returns the token check's own reason, for {@link Failure#INVALID_TOKEN} and {@link
   * Failure#EXPIRED}.
   *
   * @return the reason, or empty
   */
  public Optional<TokenVerification.Failure> tokenFailure() {
    return Optional.ofNullable(tokenFailure);
  }

  private String checked(String value) {
    if (failure != null) {
      throw new IllegalStateException("the OAuth state was refused (" + failure + "); there are no claims");
    }
    return value;
  }

  /** Returns the outcome; never a claim or the verifier. */
  @Override
  public String toString() {
    return failure == null
        ? "OAuthStateVerification[valid]"
        : "OAuthStateVerification[" + failure + (tokenFailure == null ? "" : ", " + tokenFailure) + "]";
  }
}
