package io.hiroi.examples;

import io.hiroi.audit.AuditEvent;
import io.hiroi.auth.Session;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * "Your sessions": every live session of the user, sign out one of the others, and sign out
 * everywhere, which ends every session of the user, this one included, and goes to sign-in.
 */
@SuppressFBWarnings(value = "POTENTIAL_XML_INJECTION", justification = "HTML, not XML: every value that comes from a user, the request or a store passes Html.esc before it is appended")
final class SessionPages extends AppServlet {
  private static final long serialVersionUID = 1L;

  SessionPages(App app) {
    super(app);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<WebSessions.SignedIn> s = requireUser(req, resp);
    if (s.isEmpty()) {
      return;
    }
    WebSessions.SignedIn me = s.get();
    String csrf = csrfField(req, resp);
    List<Session> all = app.sessions.manager().sessions(me.user.id);
    StringBuilder rows = new StringBuilder();
    for (Session x : all) {
      boolean current = x.id().equals(me.session.id());
      rows.append("<tr class=\"session\"><td>").append(Html.esc(describe(x.client().userAgent())))
          .append(current ? " <span class=\"badge\">this browser</span>" : "").append("</td><td>").append(Html.esc(x.client().ipAddress()))
          .append("</td><td>").append(Html.factors(x.factors())).append("</td><td>").append(Html.time(x.createdAt()))
          .append("</td><td>").append(Html.time(x.lastSeenAt())).append("</td><td>")
          .append(current ? "" : Html.button("/sessions/revoke", csrf, "Sign out", "small", Html.hidden("id", x.id())))
          .append("</td></tr>");
    }
    render(req, resp, 200, "Your sessions", "<p>Sessions live on the server (" + Html.esc(app.backends.sessionsWhere)
        + "), so signing one out ends it at once, wherever it is.</p>"
        + "<table id=\"sessions\"><thead><tr><th>Browser</th><th>IP address</th><th>Signed in with</th><th>Started</th><th>Last seen</th><th></th></tr></thead><tbody>"
        + rows + "</tbody></table>"
        + Html.button("/sessions/revoke-all", csrf, "Sign out everywhere", "danger", null));
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<WebSessions.SignedIn> s = requireUser(req, resp);
    if (s.isEmpty()) {
      return;
    }
    WebSessions.SignedIn me = s.get();
    if ("/sessions/revoke-all".equals(req.getRequestURI())) {
      int ended = app.sessions.manager().revokeAll(me.user.id);
      app.sessions.forget(req, resp);
      app.audit.record(app.event(req, "session.revoke_all", AuditEvent.SUCCESS, actor(me)).attribute("sessions", ended).build());
      redirect(resp, "/signin");
      return;
    }
    String id = AccountPages.param(req, "id");
    boolean ended = !id.isEmpty() && app.sessions.manager().revoke(me.user.id, id);
    app.audit(req, "session.revoke", ended ? AuditEvent.SUCCESS : AuditEvent.FAILURE, actor(me), "session/" + (id.length() > 8 ? id.substring(0, 8) : id));
    redirect(resp, "/sessions");
  }

  /** A short name for a user agent: enough to tell browsers apart. */
  static String describe(String ua) {
    if (ua == null || ua.isEmpty()) {
      return "Unknown client";
    }
    String browser = ua.contains("HeadlessChrome") ? "Headless Chrome" : ua.contains("Firefox/") ? "Firefox"
        : ua.contains("Edg/") ? "Edge" : ua.contains("Chrome/") ? "Chrome" : ua.contains("Safari/") ? "Safari"
        : ua.startsWith("Java-http-client") ? "Java HttpClient" : "Other client";
    String os = ua.contains("Windows") ? "Windows" : ua.contains("Mac OS") ? "macOS" : ua.contains("Android") ? "Android"
        : ua.contains("Linux") ? "Linux" : "";
    return os.isEmpty() ? browser : browser + " on " + os;
  }
}
