package io.hiroi.examples;

import io.hiroi.audit.AuditEvent;
import io.hiroi.auth.PasswordReset;
import io.hiroi.auth.PasswordResetRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;

/**
 * "Forgot your password?": {@code PasswordResetService} mails a single-use link to the outbox
 * (the page answers the same whether or not the email has an account); the link's page sets a new
 * password, which ends every session of the account. A reset never signs anyone in, and a user
 * with TOTP still needs a code at the next sign-in.
 */
final class ResetPages extends AppServlet {
  private static final long serialVersionUID = 1L;
  static final String DONE = "Your password is changed and every browser was signed out. Sign in with the new password.";

  ResetPages(App app) {
    super(app);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if ("/reset".equals(req.getServletPath())) {
      resetForm(req, resp, 200, "");
    } else {
      forgotForm(req, resp, 200, "", "");
    }
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if ("/reset".equals(req.getServletPath())) {
      reset(req, resp);
      return;
    }
    PasswordResetRequest asked = app.resets.request(AccountPages.param(req, "email"), WebSessions.client(req));
    app.audit(req, "auth.password_reset.requested", asked.isAccepted() ? AuditEvent.SUCCESS : AuditEvent.DENIED, null, null);
    if (asked.isAccepted()) {
      forgotForm(req, resp, 200, "", PasswordResetRequest.GENERIC_MESSAGE);
    } else {
      forgotForm(req, resp, 429, "Too many requests. Try again in " + asked.retryAfter().toMinutes() + " minutes.", "");
    }
  }

  private void forgotForm(HttpServletRequest req, HttpServletResponse resp, int status, String error, String notice) throws IOException {
    String csrf = csrfField(req, resp);
    render(req, resp, status, "Forgot your password?", SecurityPages.errorBox(error)
        + (notice.isEmpty() ? "" : "<p class=\"notice\" id=\"notice\">" + Html.esc(notice) + "</p>")
        + "<form method=\"post\" action=\"/forgot\" class=\"box\" id=\"forgot-form\">" + csrf
        + "<p>We email you a link to choose a new password. It works once, for an hour.</p>"
        + "<label>Email <input type=\"email\" name=\"email\" id=\"email\" required autocomplete=\"username\"></label>"
        + "<button type=\"submit\" id=\"send-reset\">Email me a link</button></form>");
  }

  private void resetForm(HttpServletRequest req, HttpServletResponse resp, int status, String error) throws IOException {
    String csrf = csrfField(req, resp);
    render(req, resp, status, "Choose a new password", SecurityPages.errorBox(error)
        + "<form method=\"post\" action=\"/reset\" class=\"box\" id=\"reset-form\">" + csrf + Html.hidden("token", AccountPages.param(req, "token"))
        + "<label>New password (at least " + AccountPages.MIN_PASSWORD_LENGTH + " characters) <input type=\"password\" name=\"password\" "
        + "id=\"password\" required minlength=\"" + AccountPages.MIN_PASSWORD_LENGTH + "\" autocomplete=\"new-password\"></label>"
        + "<button type=\"submit\" id=\"reset\">Set the new password</button></form>");
  }

  private void reset(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String password = AccountPages.param(req, "password");
    if (password.length() < AccountPages.MIN_PASSWORD_LENGTH) {
      // Checked before the token is used, so the link still works for a second try.
      resetForm(req, resp, 400, "Choose a password of at least " + AccountPages.MIN_PASSWORD_LENGTH + " characters.");
      return;
    }
    char[] chars = password.toCharArray();
    PasswordReset done = app.resets.reset(AccountPages.param(req, "token"), chars, WebSessions.client(req));
    Arrays.fill(chars, '\0');
    if (!done.isSuccess()) {
      app.audit(req, "auth.password_reset.completed", AuditEvent.FAILURE, null, null);
      render(req, resp, 400, "Choose a new password", SecurityPages.errorBox(
          "This reset link is invalid, expired or already used. Ask for a new one.") + "<p><a href=\"/forgot\">Forgot your password?</a></p>");
      return;
    }
    app.audit.record(app.event(req, "auth.password_reset.completed", AuditEvent.SUCCESS, "user/" + done.userId().orElse(""))
        .attribute("sessions_revoked", done.sessionsRevoked()).attribute("second_factor", done.secondFactorRequired()).build());
    // The request's own session (if any) was ended with the others: drop its cookie too.
    app.sessions.forget(req, resp);
    resp.addHeader("Set-Cookie", SignInSteps.clearCookie());
    redirect(resp, "/signin?reset=1");
  }
}
