package io.hiroi.crypto;

import io.hiroi.crypto.internal.Errors;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link SignedTokens#verify(String, String)}: either the verified {@link
 * TokenClaims}, or the reason the token was rejected.
 *
 * <p>The reason is for server logs and metrics. Send the client one generic failure (for example
 * HTTP 401 with no detail) whatever the reason, so that a forger learns nothing from the answer. No
 * method of this class reveals the token or its signature.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * TokenVerification result = tokens.verify(token, "widget-42");
 * if (!result.isValid()) {
 *   log.info("rejected, reason {}", result.failure().orElseThrow()); // the reason only
 *   return unauthorized();
 * }
 * String visitor = result.claims().subject().orElseThrow();
 * }</pre>
 */
public final class TokenVerification {
  /**
   * Why a token was rejected, listed roughly in the order {@link SignedTokens#verify} checks (a
   * payload that is not JSON is {@link #MALFORMED}, found after the signature check).
   */
  public enum Failure {
    /** Longer than the configured maximum token length; nothing else was looked at. */
    OVERSIZED,
    /**
     * Not three strict base64url segments, a header or payload that is not strict JSON, a claim of
     * the wrong type (for example a fractional or out-of-range NumericDate), or a {@code kid} that
     * is not a string.
     */
    MALFORMED,
    /** The header's {@code alg} is missing or is anything but exactly {@code "HS256"}. */
    UNSUPPORTED_ALGORITHM,
    /**
     * The header has a member other than {@code alg}, {@code typ} and {@code kid} (such as {@code
     * crit}, {@code cty}, {@code jku} or {@code b64}), or a {@code typ} other than {@code "JWT"}.
     */
    UNSUPPORTED_HEADER,
    /**
     * The header has no {@code kid}, or one that is not this instance's key id form, or names a key
     * id that is not in the key ring (for example a key removed after a rotation).
     */
    UNKNOWN_KEY,
    /** The signature is not the HMAC-SHA256 of the token under the named purpose key. */
    BAD_SIGNATURE,
    /** A required claim ({@code exp} or {@code aud}) is absent. */
    MISSING_CLAIM,
    /** The current time is at or after {@code exp} plus the leeway. */
    EXPIRED,
    /** The current time plus the leeway is before {@code nbf}. */
    NOT_YET_VALID,
    /** {@code iat} lies further in the future than the leeway allows. */
    ISSUED_IN_FUTURE,
    /** {@code aud} is not the expected audience (nor an array that contains it). */
    WRONG_AUDIENCE
  }

  private static final Map<Failure, TokenVerification> FAILURES = new EnumMap<>(Failure.class);

  static {
    for (Failure f : Failure.values()) {
      FAILURES.put(f, new TokenVerification(null, f));
    }
  }

  private final TokenClaims claims;
  private final Failure failure;

  private TokenVerification(TokenClaims claims, Failure failure) {
    this.claims = claims;
    this.failure = failure;
  }

  static TokenVerification valid(TokenClaims claims) {
    return new TokenVerification(Objects.requireNonNull(claims, "claims"), null);
  }

  static TokenVerification invalid(Failure failure) {
    return FAILURES.get(failure);
  }

  /**
   * Tells whether the token passed every check.
   *
   * @return {@code true} if the token is valid
   */
  public boolean isValid() {
    return failure == null;
  }

  /**
   * Returns the verified claims.
   *
   * @return the claims of a valid token
   * @throws IllegalStateException if the token is not valid; check {@link #isValid()} first
   */
  public TokenClaims claims() {
    if (failure != null) {
      throw new IllegalStateException(Errors.tokenInvalid(failure.name()));
    }
    return claims;
  }

  /**
   * Returns why the token was rejected, for server logs only.
   *
   * @return the reason, or empty if the token is valid
   */
  public Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  /** Returns {@code TokenVerification[valid]} or the failure reason; never the token. */
  @Override
  public String toString() {
    return failure == null ? "TokenVerification[valid]" : "TokenVerification[invalid: " + failure + "]";
  }
}
