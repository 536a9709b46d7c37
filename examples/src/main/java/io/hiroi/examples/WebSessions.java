package io.hiroi.examples;

import io.hiroi.auth.AuthFactor;
import io.hiroi.auth.ClientInfo;
import io.hiroi.auth.IssuedSession;
import io.hiroi.auth.Session;
import io.hiroi.auth.SessionCookie;
import io.hiroi.auth.SessionManager;
import io.hiroi.servlet.AuditContext;
import io.hiroi.servlet.AuditContextFilter;
import io.hiroi.servlet.CurrentSession;
import io.hiroi.servlet.SessionFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The app's sessions on top of hiroi-servlet's {@link SessionFilter}: the filter reads and validates
 * the {@code __Host-session} cookie (sliding idle expiry, clearing a dead cookie) on every request;
 * this class turns its {@link CurrentSession} into the signed-in user, sets the cookie on sign-in
 * and clears it on sign-out (a session made during the request counts from then on). Every path is
 * optional for the filter: the pages send a visitor without a session to the sign-in page
 * themselves. Thread-safe; share one instance.
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

  /** The filter built on the same manager and cookie; every path optional. */
  SessionFilter filter(Clock clock) {
    return SessionFilter.builder(manager, cookie).optional("/*").clock(clock).build();
  }

  /** The request's valid session, if any: the filter's, or the one this request signed in with. */
  Optional<SignedIn> current(HttpServletRequest req) {
    Object cached = req.getAttribute(ATTRIBUTE);
    if (cached instanceof Optional) {
      @SuppressWarnings("unchecked")
      Optional<SignedIn> known = (Optional<SignedIn>) cached;
      return known;
    }
    Optional<SignedIn> found = SessionFilter.current(req)
        .flatMap(c -> accounts.byId(c.userId()).map(u -> new SignedIn(c.token(), c.session(), u)));
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

  /**
   * Records in the request's session that the user just proved {@code factor} too (a TOTP code or
   * a passkey confirmed at enrolment): {@link SessionManager#rotate} replaces the token (the old
   * one stops working) and this sets the new cookie. Returns the session under its new token, or
   * empty if the session had ended.
   */
  Optional<SignedIn> addFactor(HttpServletRequest req, HttpServletResponse resp, SignedIn me, AuthFactor factor) {
    EnumSet<AuthFactor> factors = EnumSet.noneOf(AuthFactor.class);
    factors.addAll(me.session.factors());
    factors.add(factor);
    Optional<SignedIn> now = manager.rotate(me.token, factors).map(issued -> {
      resp.addHeader("Set-Cookie", cookie.setCookie(issued.token()));
      return new SignedIn(issued.token(), issued.session(), me.user);
    });
    req.setAttribute(ATTRIBUTE, now);
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
