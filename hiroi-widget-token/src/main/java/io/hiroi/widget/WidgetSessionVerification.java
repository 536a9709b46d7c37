package io.hiroi.widget;

import io.hiroi.crypto.TokenClaims;
import io.hiroi.widget.internal.Errors;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link WidgetSessionTokens#verify(String, String, String)}: the visitor id of a
 * token that is valid for this widget and this origin, or the reason it is not.
 *
 * <p>The reason is for server logs and metrics; send the client one generic failure (HTTP 401)
 * whatever it is. No method reveals the token or its signature.
 *
 * <p>Immutable and thread-safe.
 */
public final class WidgetSessionVerification {
  /** Why a widget session token was rejected. */
  public enum Failure {
    /**
     * Not a JWS of three strict base64url segments, oversized, a header member or claim that is
     * not allowed, or a required claim ({@code sub}, {@code aud}, {@code orig}, {@code iat}, {@code
     * exp}, {@code jti}) missing or of the wrong type.
     */
    MALFORMED,
    /** The header's {@code alg} is anything but {@code HS256} ({@code none}, {@code RS256}, ...). */
    UNSUPPORTED_ALGORITHM,
    /** The {@code kid} names this widget but a key id that is not in the key ring (removed after a rotation). */
    UNKNOWN_KEY,
    /** The signature is not the HMAC-SHA256 of the token under the widget's key. */
    BAD_SIGNATURE,
    /** The current time is at or after {@code exp} plus the leeway. */
    EXPIRED,
    /** {@code iat} or {@code nbf} lies further in the future than the leeway allows. */
    NOT_YET_VALID,
    /** {@code exp} is more than {@link WidgetSessionTokens#MAX_TTL} after {@code iat}. */
    TOO_LONG_LIVED,
    /** The token was issued for another widget ({@code kid} prefix or {@code aud}), or the endpoint's widget id is invalid. */
    WRONG_WIDGET,
    /** The request's {@code Origin} is missing, not an origin, or not the {@code orig} the token was issued for. */
    WRONG_ORIGIN
  }

  private static final Map<Failure, WidgetSessionVerification> FAILURES = new EnumMap<>(Failure.class);

  static {
    for (Failure f : Failure.values()) {
      FAILURES.put(f, new WidgetSessionVerification(null, f));
    }
  }

  private final TokenClaims claims;
  private final Failure failure;

  private WidgetSessionVerification(TokenClaims claims, Failure failure) {
    this.claims = claims;
    this.failure = failure;
  }

  static WidgetSessionVerification valid(TokenClaims claims) {
    return new WidgetSessionVerification(Objects.requireNonNull(claims, "claims"), null);
  }

  static WidgetSessionVerification invalid(Failure failure) {
    return FAILURES.get(failure);
  }

  /**
   * Tells whether the token passed every check.
   *
   * @return {@code true} if valid
   */
  public boolean isValid() {
    return failure == null;
  }

  /**
   * Returns the visitor id ({@code sub}) of a valid token.
   *
   * @return the visitor id
   * @throws IllegalStateException if the token is not valid
   */
  public String visitorId() {
    return claims().subject().orElseThrow(AssertionError::new);
  }

  /**
   * Returns the origin ({@code orig}) the valid token was issued for, which equals the request's.
   *
   * @return the normalized origin
   * @throws IllegalStateException if the token is not valid
   */
  public String origin() {
    return claims().stringClaim(WidgetSessionTokens.ORIGIN_CLAIM).orElseThrow(AssertionError::new);
  }

  /**
   * Returns when the valid token expires.
   *
   * @return {@code exp}
   * @throws IllegalStateException if the token is not valid
   */
  public Instant expiresAt() {
    return claims().expiresAt();
  }

  /**
   * Returns every verified claim of a valid token.
   *
   * @return the claims
   * @throws IllegalStateException if the token is not valid
   */
  public TokenClaims claims() {
    if (failure != null) {
      throw new IllegalStateException(Errors.notValid("widget session verification", failure));
    }
    return claims;
  }

  /**
   * Returns why the token was rejected, for server logs only.
   *
   * @return the reason, or empty if valid
   */
  public Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  /** Names the outcome; never the token nor the visitor id. */
  @Override
  public String toString() {
    return failure == null ? "WidgetSessionVerification[valid]" : "WidgetSessionVerification[invalid: " + failure + "]";
  }
}
