package io.hiroi.auth;

import java.util.Objects;

/**
 * A session just created or rotated, with its token: the only place the token exists in hiroi.
 * Put {@link #token()} into the cookie ({@link SessionCookie#setCookie(String)}) and drop this
 * object; the store keeps only the token's hash.
 *
 * <p>{@link #toString()} is {@code [redacted]}. Immutable and thread-safe.
 */
public final class IssuedSession {
  private final String token;
  private final Session session;

  IssuedSession(String token, Session session) {
    this.token = Objects.requireNonNull(token, "token");
    this.session = Objects.requireNonNull(session, "session");
  }

  /**
   * Returns the session token, a bearer secret: send it only in the session cookie, never log it.
   *
   * @return the token
   */
  public String token() {
    return token;
  }

  /**
   * Returns the session as stored.
   *
   * @return the session
   */
  public Session session() {
    return session;
  }

  /** Returns {@code IssuedSession[redacted]}: the token never prints. */
  @Override
  public String toString() {
    return "IssuedSession[redacted]";
  }
}
