package io.hiroi.examples;

import io.hiroi.audit.AuditEvent;
import io.hiroi.audit.AuditRecord;
import io.hiroi.audit.Verification;
import io.hiroi.ratelimit.Decision;
import io.hiroi.ratelimit.RateLimitKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The audit page: the signed-in user's own newest records (redacted before they were written;
 * {@link #isOwn}) and a "verify chain" button, which checks the whole trail and is rate-limited
 * per user and for the app.
 */
@SuppressFBWarnings(value = "POTENTIAL_XML_INJECTION", justification = "HTML, not XML: every value that comes from a user, the request or a store passes Html.esc before it is appended")
final class AuditPages extends AppServlet {
  private static final long serialVersionUID = 1L;
  static final int SHOWN = 50;

  AuditPages(App app) {
    super(app);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<WebSessions.SignedIn> s = requireUser(req, resp);
    if (s.isPresent()) {
      page(req, resp, s.get(), "", true);
    }
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<WebSessions.SignedIn> s = requireUser(req, resp);
    if (s.isEmpty()) {
      return;
    }
    // Verifying reads and checks the whole trail: limited per user, and for the whole app.
    Decision mine = app.auditVerifyPerUser.tryAcquire(RateLimitKey.user(s.get().user.id));
    Decision all = mine.isAllowed() ? app.auditVerifyAll.tryAcquire(RateLimitKey.of("app", "all")) : mine;
    if (!all.isAllowed()) {
      resp.setHeader("Retry-After", Long.toString(Math.max(1, (all.retryAfter().toMillis() + 999) / 1000)));
      page(req, resp, s.get(), 429, "The chain was verified a moment ago. Try again in " + AccountPages.minutes(all.retryAfter()) + ".", false);
      return;
    }
    app.audit.flush();
    Verification v = app.backends.auditTrail.verify(app.auditVerifier);
    String result = v.isValid() ? "The chain verifies: " + v.count() + " records, every MAC and link checked."
        : "The chain is broken: " + v.describe();
    page(req, resp, s.get(), result, v.isValid());
  }

  /** Whether an event is the user's own: they did it (actor), or it was done to their account or widget (target). */
  static boolean isOwn(AuditEvent e, Accounts.User user) {
    String actor = e.actor().orElse("");
    String target = e.target().orElse("");
    // The app's events name "user/<id>"; hiroi-auth's name the bare user id.
    return actor.equals("user/" + user.id) || actor.equals(user.id) || target.equals("user/" + user.id) || target.equals("widget/" + user.widgetId);
  }

  private void page(HttpServletRequest req, HttpServletResponse resp, WebSessions.SignedIn me, String result, boolean valid) throws IOException {
    page(req, resp, me, 200, result, valid);
  }

  private void page(HttpServletRequest req, HttpServletResponse resp, WebSessions.SignedIn me, int status, String result, boolean valid)
      throws IOException {
    String csrf = csrfField(req, resp);
    app.audit.flush();
    StringBuilder rows = new StringBuilder();
    for (AuditRecord r : app.backends.auditTrail.newest(SHOWN, e -> isOwn(e, me.user))) {
      AuditEvent e = r.event();
      StringBuilder attrs = new StringBuilder();
      for (Map.Entry<String, Object> a : e.attributes().entrySet()) {
        attrs.append(Html.esc(a.getKey())).append('=').append(Html.esc(String.valueOf(a.getValue()))).append(' ');
      }
      rows.append("<tr class=\"audit-record\"><td>").append(r.seq()).append("</td><td>").append(Html.time(e.timestamp()))
          .append("</td><td><code>").append(Html.esc(e.type())).append("</code></td><td class=\"outcome-")
          .append(Html.esc(e.outcome().orElse(""))).append("\">").append(Html.esc(e.outcome().orElse(""))).append("</td><td>")
          .append(Html.esc(e.actor().orElse(""))).append("</td><td>").append(Html.esc(e.target().orElse(""))).append("</td><td>")
          .append(Html.esc(e.ip().orElse(""))).append("</td><td>").append(attrs).append("</td></tr>");
    }
    render(req, resp, status, "Audit trail", "<p>Your newest " + SHOWN + " records (the events you did or that were done to your "
        + "account), newest first; other accounts' records are not shown. Each is one line of "
        + "canonical JSON whose HMAC covers the previous record's, so changing, deleting or reordering any record breaks the chain.</p>"
        + (result.isEmpty() ? "" : "<p class=\"" + (valid ? "notice" : "error") + "\" id=\"verify-result\">" + Html.esc(result) + "</p>")
        + Html.button("/audit/verify", csrf, "Verify chain", "", null)
        + "<table id=\"audit\"><thead><tr><th>seq</th><th>time</th><th>type</th><th>outcome</th><th>actor</th><th>target</th><th>ip</th>"
        + "<th>attributes</th></tr></thead><tbody>" + rows + "</tbody></table>");
  }
}
