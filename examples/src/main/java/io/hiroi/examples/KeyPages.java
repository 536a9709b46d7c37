package io.hiroi.examples;

import io.hiroi.audit.AuditEvent;
import io.hiroi.crypto.ApiKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/** Widget API keys: create (the key is shown once), list (prefix only), revoke. */
@SuppressFBWarnings(value = "POTENTIAL_XML_INJECTION", justification = "HTML, not XML: every value that comes from a user, the request or a store passes Html.esc before it is appended")
final class KeyPages extends AppServlet {
  private static final long serialVersionUID = 1L;

  KeyPages(App app) {
    super(app);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<WebSessions.SignedIn> s = requireUser(req, resp);
    if (s.isPresent()) {
      page(req, resp, s.get(), null);
    }
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<WebSessions.SignedIn> s = requireUser(req, resp);
    if (s.isEmpty()) {
      return;
    }
    WebSessions.SignedIn me = s.get();
    if ("/keys/revoke".equals(req.getRequestURI())) {
      String id = AccountPages.param(req, "id");
      boolean revoked = app.apiKeys.revoke(me.user.id, id);
      // The form field is whatever the client sent: only an id of the registry's own form is recorded as the target.
      app.audit(req, "apikey.revoke", revoked ? AuditEvent.SUCCESS : AuditEvent.FAILURE, actor(me), ApiKeyRegistry.isKeyId(id) ? "apikey/" + id : null);
      redirect(resp, "/keys");
      return;
    }
    ApiKey key = app.apiKeys.create(app.widgetKeys, me.user, app.clock.instant());
    app.audit(req, "apikey.create", AuditEvent.SUCCESS, actor(me), "widget/" + me.user.widgetId);
    page(req, resp, me, key);
  }

  private void page(HttpServletRequest req, HttpServletResponse resp, WebSessions.SignedIn me, ApiKey created) throws IOException {
    String csrf = csrfField(req, resp);
    StringBuilder rows = new StringBuilder();
    for (ApiKeyRegistry.KeyRecord r : app.apiKeys.list(me.user.id)) {
      rows.append("<tr class=\"apikey\"><td><code>").append(Html.esc(r.displayPrefix)).append("…</code></td><td>")
          .append(Html.time(r.createdAt)).append("</td><td>")
          .append(Html.button("/keys/revoke", csrf, "Revoke", "small danger", Html.hidden("id", r.id))).append("</td></tr>");
    }
    String shown = created == null ? "" : "<div class=\"once\" id=\"new-key\"><p><strong>Your new key.</strong> Copy it now: it is shown "
        + "only this once; we keep only its HMAC.</p><code id=\"new-key-value\">" + Html.esc(created.reveal()) + "</code></div>";
    render(req, resp, 200, "Widget API keys", "<p>Server-to-server keys for your widget <code>" + Html.esc(me.user.widgetId)
        + "</code>. Each key has a checksum (typos are refused without a lookup) and is stored as an HMAC bound to this widget, "
        + "so it is useless for any other widget.</p>" + shown
        + (rows.length() == 0 ? "<p id=\"no-keys\">No keys yet.</p>"
            : "<table id=\"keys\"><thead><tr><th>Key</th><th>Created</th><th></th></tr></thead><tbody>" + rows + "</tbody></table>")
        + Html.button("/keys", csrf, "Create a key", "", null));
  }
}
