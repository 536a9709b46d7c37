package io.hiroi.servlet;

import io.hiroi.auth.Session;

/**
 * The live session of a request, as {@link SessionFilter} validated it: the {@link Session} (user
 * id, factors, times) and the session token from the cookie, which the application needs to
 * {@linkplain io.hiroi.auth.SessionManager#rotate rotate} the session after a step-up or to
 * {@linkplain io.hiroi.auth.SessionManager#revoke(String) sign out}, and {@link CsrfFilter} to
 * derive the CSRF token. The token is a bearer secret: {@link #toString()} never prints it.
 *
 * <p>Immutable and thread-safe; valid for the one request it was made for.
 */
public final class CurrentSession {
  private final Session session;
  private final String token;

  CurrentSession(Session session, String token) {
    this.session = session;
    this.token = token;
  }

  /**
   * Returns the session.
   *
   * @return the session
   */
  public Session session() {
    return session;
  }

  /**
   * Returns the signed-in user's id.
   *
   * @return the user id
   */
  public String userId() {
    return session.userId();
  }

  /**
   * Returns the session token from the cookie: a bearer secret, never to be logged or sent
   * anywhere but back to the session manager.
   *
   * @return the token
   */
  public String token() {
    return token;
  }

  /** Names the session by its id (the token's hash); never the token. */
  @Override
  public String toString() {
    return "CurrentSession{id=" + session.id().substring(0, 8) + "..., token=[redacted]}";
  }
}
