package io.hiroi.examples;

import io.hiroi.audit.AuditEvent;
import io.hiroi.audit.AuditRecord;
import io.hiroi.audit.Verification;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** The audit page: the newest records (redacted before they were written) and a "verify chain" button. */
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
      page(req, resp, "", true);
    }
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<WebSessions.SignedIn> s = requireUser(req, resp);
    if (s.isEmpty()) {
      return;
    }
    app.audit.flush();
    Verification v = app.backends.auditTrail.verify(app.auditVerifier);
    String result = v.isValid() ? "The chain verifies: " + v.count() + " records, every MAC and link checked."
        : "The chain is broken: " + v.describe();
    page(req, resp, result, v.isValid());
  }

  private void page(HttpServletRequest req, HttpServletResponse resp, String result, boolean valid) throws IOException {
    String csrf = csrfField(req, resp);
    app.audit.flush();
    StringBuilder rows = new StringBuilder();
    for (AuditRecord r : app.backends.auditTrail.newest(SHOWN)) {
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
    render(req, resp, 200, "Audit trail", "<p>The newest " + SHOWN + " records of the whole app, newest first. Each is one line of "
        + "canonical JSON whose HMAC covers the previous record's, so changing, deleting or reordering any record breaks the chain.</p>"
        + (result.isEmpty() ? "" : "<p class=\"" + (valid ? "notice" : "error") + "\" id=\"verify-result\">" + Html.esc(result) + "</p>")
        + Html.button("/audit/verify", csrf, "Verify chain", "", null)
        + "<table id=\"audit\"><thead><tr><th>seq</th><th>time</th><th>type</th><th>outcome</th><th>actor</th><th>target</th><th>ip</th>"
        + "<th>attributes</th></tr></thead><tbody>" + rows + "</tbody></table>");
  }
}
