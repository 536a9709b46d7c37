package io.hiroi.auth;

import io.hiroi.crypto.TokenVerification;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link ServiceTokens#verify}: the user id the calling service acts for, or the
 * reason the {@code X-User-Token} was refused (answer {@code 401}; log the reason).
 *
 * <p>Immutable and thread-safe.
 */
public final class ServiceTokenVerification {
  private final String userId;
  private final String issuer;
  private final TokenVerification.Failure failure;

  private ServiceTokenVerification(String userId, String issuer, TokenVerification.Failure failure) {
    this.userId = userId;
    this.issuer = issuer;
    this.failure = failure;
  }

  static ServiceTokenVerification valid(String userId, String issuer) {
    return new ServiceTokenVerification(Objects.requireNonNull(userId), Objects.requireNonNull(issuer), null);
  }

  static ServiceTokenVerification invalid(TokenVerification.Failure failure) {
    return new ServiceTokenVerification(null, null, Objects.requireNonNull(failure));
  }

  /**
   * Tells whether the token is valid for this service.
   *
   * @return {@code true} if valid
   */
  public boolean isValid() {
    return failure == null;
  }

  /**
   * Returns the user the request acts for.
   *
   * @return the user id, or empty when not valid
   */
  public Optional<String> userId() {
    return Optional.ofNullable(userId);
  }

  /**
   * Returns the service that issued the token ({@code iss}).
   *
   * @return the issuing service, or empty when not valid
   */
  public Optional<String> issuer() {
    return Optional.ofNullable(issuer);
  }

  /**
   * Returns why the token was refused: {@code EXPIRED}, {@code WRONG_AUDIENCE} (issued for another
   * service), {@code BAD_SIGNATURE}, {@code MALFORMED}, {@code MISSING_CLAIM}, and so on.
   *
   * @return the reason, or empty when valid
   */
  public Optional<TokenVerification.Failure> failure() {
    return Optional.ofNullable(failure);
  }

  /** Returns the outcome; never the user id. */
  @Override
  public String toString() {
    return failure == null ? "ServiceTokenVerification[valid]" : "ServiceTokenVerification[" + failure + "]";
  }
}
