package io.hiroi.examples;

import io.hiroi.auth.AuthFactor;
import io.hiroi.auth.ClientInfo;
import io.hiroi.auth.IssuedSession;
import io.hiroi.auth.Session;
import io.hiroi.auth.SessionCookie;
import io.hiroi.auth.SessionManager;
import io.hiroi.auth.SessionValidation;
import io.hiroi.servlet.AuditContext;
import io.hiroi.servlet.AuditContextFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The app's session handling: the {@code __Host-session} cookie read and validated through
 * {@link SessionManager} once per request, set on sign-in, cleared on sign-out. This is what
 * hiroi-servlet's coming {@code SessionFilter} will do; the app keeps it in this one class so that
 * the filter can replace it. Thread-safe; share one instance.
 */
final class WebSessions {
  private static final String ATTRIBUTE = WebSessions.class.getName();

  /** The signed-in user of one request. Holds the session token: never printed. */
  static final class SignedIn {
    final String token;
    final Session session;
    final Accounts.User user;

    SignedIn(String token, Session session, Accounts.User user) {
      this.token = token;
      this.session = session;
      this.user = user;
    }

    @Override
    public String toString() {
      return "SignedIn{" + user.id + "}";
    }
  }

  private final SessionManager manager;
  private final SessionCookie cookie;
  private final Accounts accounts;

  WebSessions(SessionManager manager, SessionCookie cookie, Accounts accounts) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.cookie = Objects.requireNonNull(cookie, "cookie");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
  }

  SessionManager manager() {
    return manager;
  }

  /** The request's valid session, if any (validated once per request). */
  Optional<SignedIn> current(HttpServletRequest req) {
    Object cached = req.getAttribute(ATTRIBUTE);
    if (cached instanceof Optional) {
      @SuppressWarnings("unchecked")
      Optional<SignedIn> known = (Optional<SignedIn>) cached;
      return known;
    }
    Optional<SignedIn> found = cookie.read(req.getHeader("Cookie")).flatMap(token -> {
      SessionValidation v = manager.validate(token);
      return v.session().flatMap(s -> accounts.byId(s.userId()).map(u -> new SignedIn(token, s, u)));
    });
    req.setAttribute(ATTRIBUTE, found);
    return found;
  }

  /** Starts a session (ending the request's old one) and sets its cookie. */
  SignedIn signIn(HttpServletRequest req, HttpServletResponse resp, Accounts.User user, AuthFactor factor) {
    return signIn(req, resp, user, Set.of(factor));
  }

  /** Starts a session proven by {@code factors} (ending the request's old one) and sets its cookie. */
  SignedIn signIn(HttpServletRequest req, HttpServletResponse resp, Accounts.User user, Set<AuthFactor> factors) {
    current(req).ifPresent(old -> manager.revoke(old.token));
    IssuedSession issued = manager.create(user.id, factors, client(req));
    resp.addHeader("Set-Cookie", cookie.setCookie(issued.token()));
    SignedIn now = new SignedIn(issued.token(), issued.session(), user);
    req.setAttribute(ATTRIBUTE, Optional.of(now));
    return now;
  }

  /** Ends the request's session, if any, and clears the cookie. */
  void signOut(HttpServletRequest req, HttpServletResponse resp) {
    current(req).ifPresent(s -> manager.revoke(s.token));
    resp.addHeader("Set-Cookie", cookie.clearCookie());
    req.setAttribute(ATTRIBUTE, Optional.empty());
  }

  /** Clears the cookie after the session was ended some other way (sign out everywhere). */
  void forget(HttpServletRequest req, HttpServletResponse resp) {
    resp.addHeader("Set-Cookie", cookie.clearCookie());
    req.setAttribute(ATTRIBUTE, Optional.empty());
  }

  /** The client of this request as {@code AuditContextFilter} read it (address, cleaned user agent). */
  static ClientInfo client(HttpServletRequest req) {
    return AuditContextFilter.context(req).map(AuditContext::clientInfo).orElseGet(() -> {
      String ua = req.getHeader("User-Agent");
      return ClientInfo.of(req.getRemoteAddr(), ua == null ? "" : ua);
    });
  }
}
