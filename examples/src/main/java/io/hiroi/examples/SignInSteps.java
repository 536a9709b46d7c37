package io.hiroi.examples;

import io.hiroi.audit.AuditEvent;
import io.hiroi.auth.AuthFactor;
import io.hiroi.auth.PasskeyAuthentication;
import io.hiroi.auth.PasskeyFailure;
import io.hiroi.auth.SignInAttempt;
import io.hiroi.auth.SignInChallenges;
import io.hiroi.auth.SignInCompletion;
import io.hiroi.auth.TotpVerification;
import io.hiroi.ratelimit.Decision;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.ratelimit.ThrottleDecision;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * The sign-in steps after or beside the password: the second factor of a user with TOTP (a code
 * from the app, or one recovery code), checked only for the user who passed the first factor
 * (hiroi-auth's {@link SignInChallenges}: single-use, 5 minutes, 5 attempts, each reserved before its
 * code is checked); and
 * the usernameless passkey sign-in, a complete sign-in of its own (user verification is required).
 */
final class SignInSteps extends AppServlet {
  private static final long serialVersionUID = 1L;
  static final String EXPIRED = "Your sign-in timed out or was already used. Sign in again.";
  /** The pending sign-in's cookie: its token, for {@link SignInChallenges#DEFAULT_TTL}. */
  static final String COOKIE = "__Host-signin";

  static String setCookie(String token) {
    return COOKIE + "=" + token + "; Path=/; Max-Age=" + SignInChallenges.DEFAULT_TTL.toSeconds() + "; Secure; HttpOnly; SameSite=Lax";
  }

  static String clearCookie() {
    return COOKIE + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax";
  }

  SignInSteps(App app) {
    super(app);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"/signin/second".equals(req.getRequestURI())) {
      render(req, resp, 404, "Not found", "<p>There is no page here. <a href=\"/signin\">Sign in</a></p>");
      return;
    }
    Optional<String> subject = app.secondFactor.subject(pendingToken(req));
    if (subject.isEmpty()) {
      expired(req, resp, 200);
      return;
    }
    secondFactorForm(req, resp, 200, "");
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    switch (req.getRequestURI()) {
      case "/signin/second":
        secondFactor(req, resp);
        break;
      case "/signin/passkey/options":
        passkeyOptions(req, resp);
        break;
      case "/signin/passkey":
        passkey(req, resp);
        break;
      default:
        render(req, resp, 404, "Not found", "<p>There is no page here. <a href=\"/signin\">Sign in</a></p>");
    }
  }

  /**
   * Starts a usernameless passkey sign-in. Anyone may ask, and each answer stores a ceremony in the
   * one-time token store (shared with magic and reset links, and bounded), so it is rate-limited per
   * client address: a flood would otherwise fill that store for everyone.
   */
  private void passkeyOptions(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Decision d = app.passkeyOptionsPerIp.tryAcquire(SecurityPages.clientKey(req));
    if (!d.isAllowed()) {
      PasskeyJson.result(resp, AccountPages.tooMany(resp, d.retryAfter()), false, "Too many sign-in attempts. Try again in "
          + AccountPages.minutes(d.retryAfter()) + ".", null);
      return;
    }
    PasskeyJson.options(resp, app.passkeys.startAuthentication());
  }

  private static String pendingToken(HttpServletRequest req) {
    return Cookies.read(req.getHeader("Cookie"), COOKIE).orElse("");
  }

  private void expired(HttpServletRequest req, HttpServletResponse resp, int status) throws IOException {
    resp.addHeader("Set-Cookie", clearCookie());
    render(req, resp, status, "Sign in", SecurityPages.errorBox(EXPIRED) + "<p><a class=\"button\" href=\"/signin\">Sign in</a></p>");
  }

  private void secondFactorForm(HttpServletRequest req, HttpServletResponse resp, int status, String error) throws IOException {
    String csrf = csrfField(req, resp);
    render(req, resp, status, "One more step", SecurityPages.errorBox(error) + "<div class=\"columns\">"
        + "<form method=\"post\" action=\"/signin/second\" class=\"box\" id=\"second-factor-form\">" + csrf
        + "<h2>Code from your authenticator app</h2>"
        + "<label>Six-digit code <input type=\"text\" name=\"code\" id=\"totp-code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" "
        + "pattern=\"[0-9]{6}\" maxlength=\"6\" required autofocus></label>"
        + "<button type=\"submit\" id=\"verify-code\">Continue</button></form>"
        + "<form method=\"post\" action=\"/signin/second\" class=\"box\" id=\"recovery-form\">" + csrf
        + "<h2>Or a recovery code</h2><p>Each of your recovery codes works once.</p>"
        + "<label>Recovery code <input type=\"text\" name=\"recovery\" id=\"recovery-code\" autocomplete=\"off\" required maxlength=\"64\"></label>"
        + "<button type=\"submit\" id=\"use-recovery-code\" class=\"secondary\">Use recovery code</button></form></div>"
        + "<p>Not you? <a href=\"/signin\">Start over</a>.</p>");
  }

  private void secondFactor(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String token = pendingToken(req);
    // One attempt is reserved (counted) before any code is checked, so parallel posts on one pending sign-in get 5 checks in all.
    SignInAttempt attempt = app.secondFactor.attempt(token);
    if (attempt.failure().orElse(null) == SignInCompletion.Failure.UNAVAILABLE) {
      secondFactorForm(req, resp, 503, "Sign-in is unavailable right now. Try again in a minute.");
      return;
    }
    Optional<Accounts.User> user = attempt.subject().flatMap(app.accounts::byId);
    if (user.isEmpty()) {
      expired(req, resp, 401);
      return;
    }
    String userId = user.get().id;
    String recovery = AccountPages.param(req, "recovery");
    AuthFactor factor;
    boolean passed;
    String error = SecurityPages.WRONG_CODE;
    RateLimitKey client = SecurityPages.clientKey(req);
    if (!recovery.isEmpty()) {
      factor = AuthFactor.RECOVERY_CODE;
      // Throttled like the TOTP code, on the same per-user count (RecoveryCodes leaves it to the host).
      RateLimitKey account = RateLimitKey.user(userId);
      ThrottleDecision d = app.secondFactorThrottle.check(account, client);
      if (!d.isAllowed()) {
        passed = false;
        error = "Too many attempts. Wait " + d.retryAfter().toSeconds() + " s and try again.";
      } else {
        passed = app.recoveryCodes.redeem(userId, recovery).isValid();
        if (passed) {
          app.secondFactorThrottle.recordSuccess(account, client);
        } else {
          app.secondFactorThrottle.recordFailure(account, client);
          error = "That recovery code did not work (each one works once).";
        }
      }
    } else {
      factor = AuthFactor.TOTP;
      TotpVerification v = app.factors.totpSecret(userId)
          .map(secret -> app.totp.verify(userId, secret, AccountPages.param(req, "code"), client))
          .orElse(null);
      passed = v != null && v.isValid();
      if (v != null && v.failure().orElse(null) == TotpVerification.Failure.THROTTLED) {
        error = "Too many attempts. Wait " + v.retryAfter().toSeconds() + " s and try again.";
      }
    }
    String method = factor == AuthFactor.TOTP ? "totp" : "recovery_code";
    if (!passed) {
      boolean stillPending = app.secondFactor.failed(attempt, WebSessions.client(req)) > 0;
      app.audit.record(app.event(req, "auth.second_factor.failed", AuditEvent.FAILURE, "user/" + userId).attribute("method", method).build());
      if (!stillPending) {
        expired(req, resp, 401);
        return;
      }
      secondFactorForm(req, resp, 401, error);
      return;
    }
    // Completed for the user whose factor was checked: SignInChallenges refuses any other user than the pending one.
    SignInCompletion done = app.secondFactor.complete(token, factor, userId, WebSessions.client(req));
    resp.addHeader("Set-Cookie", clearCookie());
    if (!done.isCompleted()) {
      expired(req, resp, 401);
      return;
    }
    WebSessions.SignedIn s = signedIn(req, resp, user.get(), done.factors());
    app.audit.record(app.event(req, "auth.second_factor.succeeded", AuditEvent.SUCCESS, actor(s)).attribute("method", method).build());
    redirect(resp, "/");
  }

  private void passkey(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<String> ceremony = PasskeyJson.ceremony(req);
    PasskeyJson.forgetCeremony(resp);
    if (ceremony.isEmpty()) {
      PasskeyJson.result(resp, 400, false, "This passkey request expired. Try again.", null);
      return;
    }
    PasskeyAuthentication r = app.passkeys.finishAuthentication(ceremony.get(), AccountPages.param(req, "credential"), app.factors::passkey,
        SecurityPages.clientKey(req));
    Optional<Accounts.User> user = r.isValid() ? r.userHandle().flatMap(app.factors::userOfHandle).flatMap(app.accounts::byId) : Optional.empty();
    if (user.isEmpty()) {
      app.audit.record(app.event(req, "auth.login", AuditEvent.FAILURE, null).attribute("method", "passkey")
          .attribute("reason", r.failure().map(Enum::name).orElse("UNKNOWN_USER")).build());
      PasskeyJson.result(resp, 401, false, r.failure().orElse(null) == PasskeyFailure.THROTTLED
          ? "Too many attempts. Try again later." : "That passkey did not sign you in.", null);
      return;
    }
    app.factors.passkeyUsed(r.credential().get(), app.clock.instant());
    resp.addHeader("Set-Cookie", clearCookie());
    WebSessions.SignedIn s = signedIn(req, resp, user.get(), Set.of(AuthFactor.PASSKEY));
    app.audit.record(app.event(req, "auth.login", AuditEvent.SUCCESS, actor(s)).attribute("method", "passkey").build());
    PasskeyJson.result(resp, 200, true, "Signed in.", "/");
  }
}
