package io.hiroi.examples;

import io.hiroi.audit.AuditEvent;
import io.hiroi.auth.AuthFactor;
import io.hiroi.auth.AuthStoreException;
import io.hiroi.auth.CsrfCheck;
import io.hiroi.auth.DeviceCheck;
import io.hiroi.auth.PendingSignIn;
import io.hiroi.servlet.SecurityHeadersFilter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The base of the app's pages: every POST passes the CSRF check first (a refusal is a 403 page
 * and an audit event), and pages render through one layout with the CSP nonce and the signed-in
 * navigation. A store that cannot answer ({@code AuthStoreException}) is a 503 page.
 */
@SuppressFBWarnings(value = "POTENTIAL_XML_INJECTION", justification = "HTML, not XML: every value that comes from a user, the request or a store passes Html.esc before it is appended")
abstract class AppServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** The app; servlets are not serialized, so the field is transient. */
  protected final transient App app;

  AppServlet(App app) {
    this.app = Objects.requireNonNull(app, "app");
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
    if ("POST".equals(req.getMethod())) {
      CsrfCheck check = app.csrf.check(req);
      if (!check.isAllowed()) {
        app.audit(req, "csrf.refused", AuditEvent.DENIED, app.sessions.current(req).map(s -> "user/" + s.user.id).orElse(null),
            req.getRequestURI());
        render(req, resp, 403, "Request refused", "<p class=\"error\">This form has expired or was sent from another site. "
            + "<a href=\"" + Html.esc(req.getRequestURI()) + "\">Reload the page</a> and try again.</p>");
        return;
      }
    }
    try {
      super.service(req, resp);
    } catch (AuthStoreException e) {
      // A store that is down or full (the one-time token store refuses new tokens when full): a clear 503, nothing changed.
      if (resp.isCommitted()) {
        throw e;
      }
      resp.resetBuffer();
      resp.setHeader("Retry-After", "60");
      render(req, resp, 503, "Try again later", "<p class=\"error\" id=\"error\" role=\"alert\">" + Html.esc(STORE_DOWN) + "</p>");
    }
  }

  static final String STORE_DOWN = "We cannot do that right now: part of our storage is busy or full. Try again in a minute.";

  /** The signed-in user, or a redirect to the sign-in page. */
  Optional<WebSessions.SignedIn> requireUser(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<WebSessions.SignedIn> s = app.sessions.current(req);
    if (s.isEmpty()) {
      redirect(resp, "/signin");
    }
    return s;
  }

  /**
   * After a first factor (password, magic link): signs the user in, or, when the user has TOTP,
   * starts the second step instead with hiroi-auth's {@code SignInChallenges} (no session yet; the
   * pending sign-in is bound to this user, its token in the short {@code __Host-signin} cookie).
   */
  void firstFactorPassed(HttpServletRequest req, HttpServletResponse resp, Accounts.User user, AuthFactor factor) throws IOException {
    if (app.factors.hasTotp(user.id)) {
      PendingSignIn pending = app.secondFactor.begin(user.id, Set.of(factor), WebSessions.client(req));
      resp.addHeader("Set-Cookie", SignInSteps.setCookie(pending.token()));
      app.audit(req, "auth.second_factor.required", AuditEvent.SUCCESS, "user/" + user.id, null);
      redirect(resp, "/signin/second");
      return;
    }
    signedIn(req, resp, user, Set.of(factor));
    redirect(resp, "/");
  }

  /** Creates the session of a complete sign-in and mails a new-device alert when the device or network is new. */
  WebSessions.SignedIn signedIn(HttpServletRequest req, HttpServletResponse resp, Accounts.User user, Set<AuthFactor> factors) {
    WebSessions.SignedIn s = app.sessions.signIn(req, resp, user, factors);
    DeviceCheck seen = app.devices.check(user.id, null, WebSessions.client(req));
    if (seen.isNew()) {
      String what = SessionPages.describe(req.getHeader("User-Agent"));
      app.outbox.send(app.clock.instant(), user.email, "New sign-in to your Parley account",
          "Someone signed in to your account from " + what + " at IP address " + req.getRemoteAddr() + " ("
              + (seen.status() == DeviceCheck.Status.NEW_DEVICE ? "a device" : "a network") + " we have not seen for this account). "
              + "If it was not you, reset your password and sign out everywhere.", app.appOrigin + "/sessions");
      app.audit(req, "auth.device.new", AuditEvent.SUCCESS, actor(s), null);
    }
    return s;
  }

  static void redirect(HttpServletResponse resp, String path) throws IOException {
    resp.setStatus(303);
    resp.setHeader("Location", path);
    resp.setHeader("Cache-Control", "no-store");
  }

  static String nonce(HttpServletRequest req) {
    Object n = req.getAttribute(SecurityHeadersFilter.CSP_NONCE_ATTRIBUTE);
    return n == null ? "" : n.toString();
  }

  /** Renders a page; {@code body} is HTML, escaped by the caller. Call {@link #csrfField} first if the body has forms. */
  void render(HttpServletRequest req, HttpServletResponse resp, int status, String title, String body) throws IOException {
    String csrf = csrfField(req, resp);
    Optional<WebSessions.SignedIn> s = app.sessions.current(req);
    StringBuilder nav = new StringBuilder();
    if (s.isPresent()) {
      nav.append(link("/", "Dashboard")).append(link("/sessions", "Sessions")).append(link("/security", "Security")).append(link("/keys", "API keys"))
          .append(link("/widget", "Widget demo")).append(link("/connected", "Connected account"))
          .append(link("/audit", "Audit")).append(link("/outbox", "Outbox"))
          .append("<span class=\"who\">").append(Html.esc(s.get().user.email)).append("</span>")
          .append(Html.button("/signout", csrf, "Sign out", "link", null));
    } else {
      nav.append(link("/signin", "Sign in")).append(link("/signup", "Sign up")).append(link("/outbox", "Outbox"));
    }
    Html.page(resp, status, nonce(req), title, nav.toString(), body);
  }

  /** The CSRF field of this response (the same one for every form of the page). */
  String csrfField(HttpServletRequest req, HttpServletResponse resp) {
    Object f = req.getAttribute(AppServlet.class.getName());
    if (f instanceof String) {
      return (String) f;
    }
    String field = app.csrf.field(req, resp);
    req.setAttribute(AppServlet.class.getName(), field);
    return field;
  }

  private static String link(String href, String label) {
    return "<a href=\"" + href + "\">" + Html.esc(label) + "</a>";
  }

  static String actor(WebSessions.SignedIn s) {
    return "user/" + s.user.id;
  }
}
