package io.hiroi.examples;

import io.hiroi.audit.AuditEvent;
import io.hiroi.auth.AuthStoreException;
import io.hiroi.auth.PasswordReset;
import io.hiroi.auth.PasswordResetRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

/**
 * "Forgot your password?": {@code PasswordResetService} mails a single-use link to the outbox
 * (the page answers the same whether or not the email has an account); the link's page sets a new
 * password, which ends every session of the account. A reset never signs anyone in, and a user
 * with TOTP still needs a code at the next sign-in. Each failure is answered for what it is
 * ({@link #answer}): the form again where the link still works (too many attempts, a password
 * the service refused, the store busy), a dead link only when the link is used up, and "changed,
 * but your other browsers are still signed in" if the sessions could not be ended.
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
    String problem = AccountPages.newPasswordProblem(password, app.hasher.maxPasswordBytes());
    if (!problem.isEmpty()) {
      // Checked before the token is used (counted as the service counts: characters, UTF-8 bytes), so the link still works for a second try.
      resetForm(req, resp, 400, problem);
      return;
    }
    char[] chars = password.toCharArray();
    PasswordReset done = app.resets.reset(AccountPages.param(req, "token"), chars, WebSessions.client(req));
    Arrays.fill(chars, '\0');
    boolean changed = done.isSuccess();
    if (done.failure().orElse(null) == PasswordReset.Failure.SESSIONS_NOT_REVOKED) {
      // The password WAS changed; the service asks for the sessions to be ended again before anything else.
      changed = revokeAgain(done.userId().orElse(""));
    }
    if (!changed) {
      PasswordReset.Failure why = done.failure().orElse(PasswordReset.Failure.INVALID_TOKEN);
      app.audit.record(app.event(req, "auth.password_reset.completed", AuditEvent.FAILURE, null)
          .attribute("reason", why.name().toLowerCase(java.util.Locale.ROOT)).build());
      Answer a = answer(why, done.retryAfter());
      if (a.status == 429) {
        AccountPages.tooMany(resp, done.retryAfter());
      }
      if (a.formAgain) {
        resetForm(req, resp, a.status, a.message);
      } else {
        render(req, resp, a.status, "Choose a new password", SecurityPages.errorBox(a.message) + a.next);
      }
      return;
    }
    app.audit.record(app.event(req, "auth.password_reset.completed", AuditEvent.SUCCESS, "user/" + done.userId().orElse(""))
        .attribute("sessions_revoked", done.sessionsRevoked()).attribute("second_factor", done.secondFactorRequired()).build());
    // The request's own session (if any) was ended with the others: drop its cookie too.
    app.sessions.forget(req, resp);
    resp.addHeader("Set-Cookie", SignInSteps.clearCookie());
    redirect(resp, "/signin?reset=1");
  }

  /** Ends every session of a user whose password just changed; false if the store still cannot. */
  private boolean revokeAgain(String userId) {
    try {
      app.sessions.manager().revokeAll(userId);
      return true;
    } catch (AuthStoreException e) {
      return false;
    }
  }

  /** How the page answers a failed reset: its status, its message, and whether the form is shown again because the link still works. */
  static final class Answer {
    final int status;
    final String message;
    final boolean formAgain;
    final String next;

    Answer(int status, String message, boolean formAgain, String next) {
      this.status = status;
      this.message = message;
      this.formAgain = formAgain;
      this.next = next;
    }
  }

  private static final String ASK_AGAIN = "<p><a href=\"/forgot\">Forgot your password?</a></p>";

  /** The truthful answer to each failure: what happened to the password and to the link. */
  static Answer answer(PasswordReset.Failure failure, Duration retryAfter) {
    switch (failure) {
      case THROTTLED:
        return new Answer(429, "Too many attempts from your network. Your password is unchanged and the link still works: try again in "
            + AccountPages.minutes(retryAfter) + ".", true, "");
      case PASSWORD_TOO_SHORT:
      case PASSWORD_TOO_LONG:
        return new Answer(400, "Choose a password of " + AccountPages.MIN_PASSWORD_LENGTH + " to " + AccountPages.MAX_PASSWORD_LENGTH
            + " characters. The link still works.", true, "");
      case UNAVAILABLE:
        return new Answer(503, "We could not check the link just now. Your password is unchanged and the link still works: try again "
            + "in a moment.", true, "");
      case AUDIT_UNAVAILABLE:
        return new Answer(503, "The change could not be recorded, so your password is unchanged. This link is used up: ask for a new one "
            + "in a few minutes.", false, ASK_AGAIN);
      case SESSIONS_NOT_REVOKED:
        return new Answer(503, "Your password was changed, but we could not sign out your other browsers. Sign in with the new password "
            + "and use \"Sign out everywhere\" on Your sessions.", false, "<p><a href=\"/signin\">Sign in</a></p>");
      case INVALID_TOKEN:
      default:
        return new Answer(400, "This reset link is invalid, expired or already used. Ask for a new one.", false, ASK_AGAIN);
    }
  }
}
