package io.hiroi.examples;

import io.hiroi.audit.AuditEvent;
import io.hiroi.crypto.CredentialStatus;
import io.hiroi.crypto.StoredCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/** The connected-account demo: the credential lifecycle of hiroi-crypto (connect, use, revoke; tamper shows INVALID). */
@SuppressFBWarnings(value = "POTENTIAL_XML_INJECTION", justification = "HTML, not XML: every value that comes from a user, the request or a store passes Html.esc before it is appended")
final class ConnectedPages extends AppServlet {
  private static final long serialVersionUID = 1L;

  ConnectedPages(App app) {
    super(app);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<WebSessions.SignedIn> s = requireUser(req, resp);
    if (s.isPresent()) {
      page(req, resp, s.get(), "");
    }
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<WebSessions.SignedIn> s = requireUser(req, resp);
    if (s.isEmpty()) {
      return;
    }
    WebSessions.SignedIn me = s.get();
    String uid = me.user.id;
    String target = "credential/" + ConnectedAccounts.credentialId(uid);
    String message;
    switch (req.getRequestURI()) {
      case "/connected/connect":
        app.connected.connect(uid);
        app.audit(req, "credential.store", AuditEvent.SUCCESS, actor(me), target);
        message = "Connected. The token was encrypted before it was stored; the plaintext is gone.";
        break;
      case "/connected/use":
        Optional<ConnectedAccounts.Use> use = app.connected.use(uid);
        boolean ok = use.isPresent() && use.get().status == CredentialStatus.ACTIVE;
        app.audit(req, "credential.use", ok ? AuditEvent.SUCCESS : AuditEvent.DENIED, actor(me), target);
        message = use.map(ConnectedPages::describe).orElse("Nothing is connected.");
        break;
      case "/connected/tamper":
        app.connected.tamper(uid);
        message = "One character of the stored envelope was changed, as a damaged row would be. Use it now.";
        break;
      case "/connected/revoke":
        app.connected.revoke(uid);
        app.audit(req, "credential.revoke", AuditEvent.SUCCESS, actor(me), target);
        message = "Revoked. The envelope is kept for the record and is never decrypted again.";
        break;
      default:
        resp.sendError(404);
        return;
    }
    page(req, resp, me, message);
  }

  static String describe(ConnectedAccounts.Use use) {
    switch (use.status) {
      case ACTIVE:
        return "Decrypted inside the vault and used: the token starts " + use.preview + "… (" + use.length
            + " characters). The plaintext buffer was zeroed afterwards.";
      case INVALID:
        return "The envelope did not decrypt, so the credential is now INVALID: the user must reconnect. It is not retried.";
      default:
        return "The credential is REVOKED: it is never decrypted.";
    }
  }

  private void page(HttpServletRequest req, HttpServletResponse resp, WebSessions.SignedIn me, String message) throws IOException {
    String csrf = csrfField(req, resp);
    Optional<StoredCredential> c = app.connected.find(me.user.id);
    StringBuilder body = new StringBuilder("<p>FakeCRM is a pretend third-party service. Connecting it stores its access token "
        + "as an AES-256-GCM envelope bound to your record (another record's context cannot decrypt it).</p>");
    if (!message.isEmpty()) {
      body.append("<p class=\"notice\" id=\"credential-message\">").append(Html.esc(message)).append("</p>");
    }
    if (c.isEmpty()) {
      body.append(Html.button("/connected/connect", csrf, "Connect FakeCRM", "", null));
    } else {
      String env = c.get().envelope();
      body.append("<table><tr><th>Status</th><td id=\"credential-status\">").append(c.get().status()).append("</td></tr><tr><th>Stored envelope</th><td><code>")
          .append(Html.esc(env.substring(0, Math.min(24, env.length())))).append("…</code> (").append(env.length()).append(" characters)</td></tr></table>")
          .append("<p>").append(Html.button("/connected/use", csrf, "Use it", "", null));
      if (c.get().status() == CredentialStatus.ACTIVE) {
        body.append(Html.button("/connected/tamper", csrf, "Damage the stored row", "secondary", null));
      }
      if (c.get().status() != CredentialStatus.REVOKED) {
        body.append(Html.button("/connected/revoke", csrf, "Revoke", "danger", null));
      } else {
        body.append(Html.button("/connected/connect", csrf, "Reconnect", "secondary", null));
      }
      body.append("</p>");
    }
    render(req, resp, 200, "Connected account", body.toString());
  }
}
