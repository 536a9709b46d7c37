package io.hiroi.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A sign-in whose first factor succeeded and whose second factor is outstanding, from {@link
 * SignInChallenges#begin}. The user is not signed in: no session exists. The host puts {@link
 * #token()} in a short-lived cookie ({@code HttpOnly}, {@code Secure}, expiring at {@link
 * #expiresAt()}) and asks for the second factor.
 *
 * <p>Holds a bearer secret: {@code toString} is {@code [redacted]}. Immutable and thread-safe.
 */
public final class PendingSignIn {
  private final String token;
  private final Instant expiresAt;

  PendingSignIn(String token, Instant expiresAt) {
    this.token = Objects.requireNonNull(token, "token");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /**
   * Returns the token that names this pending sign-in; only its SHA-256 is stored.
   *
   * @return the token ({@value SignInChallenges#TOKEN_LENGTH} URL- and cookie-safe characters), a
   *     bearer secret: never log it
   */
  public String token() {
    return token;
  }

  /**
   * Returns when the pending sign-in stops working.
   *
   * @return the expiry
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** Returns {@code [redacted]}. */
  @Override
  public String toString() {
    return "PendingSignIn[redacted]";
  }
}
