package io.hiroi.examples;

import io.hiroi.audit.AuditEvent;
import io.hiroi.auth.AuthFactor;
import io.hiroi.auth.FactorChangeOutcome;
import io.hiroi.auth.PasskeyCeremony;
import io.hiroi.auth.PasskeyCredential;
import io.hiroi.auth.PasskeyRegistration;
import io.hiroi.auth.PasskeyUser;
import io.hiroi.auth.RecoveryCodeSet;
import io.hiroi.auth.SensitiveChange;
import io.hiroi.auth.SessionManager;
import io.hiroi.auth.TotpEnrollment;
import io.hiroi.auth.TotpVerification;
import io.hiroi.ratelimit.RateLimitKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The account's "Security" page: TOTP (enrol with a QR code, confirm with a code, recovery codes
 * shown once, regenerate them, turn TOTP off with a fresh code) and passkeys (register, list,
 * remove). TOTP secrets are kept only as the envelope {@code TotpService} returns. Every change
 * but turning TOTP off (which needs a fresh code) needs a recent sign-in first ({@link
 * #sensitiveChange}); every applied change is mailed to the owner.
 */
@SuppressFBWarnings(value = "POTENTIAL_XML_INJECTION", justification = "HTML, not XML: every value that comes from a user, the request or a store passes Html.esc before it is appended")
final class SecurityPages extends AppServlet {
  private static final long serialVersionUID = 1L;
  static final String WRONG_CODE = "That code did not work: try the newest code from your app.";

  SecurityPages(App app) {
    super(app);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<WebSessions.SignedIn> s = requireUser(req, resp);
    if (s.isPresent()) {
      overview(req, resp, s.get(), 200, "", "");
    }
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<WebSessions.SignedIn> s = requireUser(req, resp);
    if (s.isEmpty()) {
      return;
    }
    WebSessions.SignedIn me = s.get();
    Optional<SensitiveChange> change = sensitiveChange(req.getRequestURI());
    if (change.isPresent() && !recentSignIn(req, resp, me, change.get())) {
      return;
    }
    switch (req.getRequestURI()) {
      case "/security/totp/start":
        startTotp(req, resp, me);
        break;
      case "/security/totp/confirm":
        confirmTotp(req, resp, me);
        break;
      case "/security/totp/disable":
        disableTotp(req, resp, me);
        break;
      case "/security/recovery/regenerate":
        regenerate(req, resp, me);
        break;
      case "/security/passkeys/options":
        passkeyOptions(req, resp, me);
        break;
      case "/security/passkeys/register":
        registerPasskey(req, resp, me);
        break;
      case "/security/passkeys/remove":
        removePasskey(req, resp, me);
        break;
      default:
        render(req, resp, 404, "Not found", "<p>There is no page here. <a href=\"/security\">Security</a></p>");
    }
  }

  private void overview(HttpServletRequest req, HttpServletResponse resp, WebSessions.SignedIn me, int status, String error, String notice)
      throws IOException {
    String csrf = csrfField(req, resp);
    String userId = me.user.id;
    StringBuilder totp = new StringBuilder("<section class=\"box wide\" id=\"totp\"><h2>Authenticator app (TOTP)</h2>");
    if (app.factors.hasTotp(userId)) {
      totp.append("<p id=\"totp-status\"><span class=\"badge on\">On</span> Signing in with your password or a magic link also asks for a code "
          + "from your app. Its secret is stored only encrypted (AES-256-GCM, bound to your account).</p>"
          + "<p id=\"recovery-remaining\">Recovery codes left: <strong>").append(app.recoveryCodes.remaining(userId)).append("</strong></p>")
          .append(Html.button("/security/recovery/regenerate", csrf, "Regenerate recovery codes", "secondary", null))
          .append("<form method=\"post\" action=\"/security/totp/disable\" class=\"inline-form\" id=\"totp-disable-form\">").append(csrf)
          .append("<label>Code from your app, to turn TOTP off <input type=\"text\" name=\"code\" id=\"disable-code\" inputmode=\"numeric\" "
              + "autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\" maxlength=\"6\" required></label>"
              + "<button type=\"submit\" class=\"danger\" id=\"disable-totp\">Turn off TOTP</button></form>");
    } else {
      totp.append("<p id=\"totp-status\"><span class=\"badge\">Off</span> Add a second step to password and magic-link sign-ins: a six-digit "
          + "code from an authenticator app.</p>").append(Html.button("/security/totp/start", csrf, "Set up TOTP", "", null));
    }
    totp.append("</section>");
    StringBuilder rows = new StringBuilder();
    for (UserFactors.Passkey p : app.factors.passkeys(userId)) {
      String id = p.credential.credentialId();
      rows.append("<tr class=\"passkey\"><td><code>").append(Html.esc(id.substring(0, Math.min(12, id.length())))).append("…</code></td><td>")
          .append(Html.time(p.createdAt)).append("</td><td>").append(p.lastUsedAt == null ? "never" : Html.time(p.lastUsedAt))
          .append("</td><td>").append(p.credential.backupEligible() ? "synced" : "this device").append("</td><td>")
          .append(Html.button("/security/passkeys/remove", csrf, "Remove", "small danger", Html.hidden("id", id))).append("</td></tr>");
    }
    String passkeys = "<section class=\"box wide\" id=\"passkeys\"><h2>Passkeys</h2><p>A passkey signs you in on its own, with no email or "
        + "password: it requires your device's PIN or biometric (user verification), so it counts as both factors. We keep only its public key.</p>"
        + (rows.length() == 0 ? "<p id=\"no-passkeys\">No passkeys yet.</p>"
            : "<table id=\"passkey-list\"><thead><tr><th>Credential</th><th>Added</th><th>Last used</th><th>Kind</th><th></th></tr></thead><tbody>"
                + rows + "</tbody></table>")
        + "<form method=\"post\" action=\"/security/passkeys/register\" id=\"passkey-register-form\">" + csrf
        + "<button type=\"submit\" id=\"passkey-register\">Add a passkey</button>"
        + "<p class=\"status\" id=\"passkey-status\" role=\"status\"></p></form></section>";
    render(req, resp, status, "Security", errorBox(error) + (notice.isEmpty() ? "" : "<p class=\"notice\" id=\"notice\">" + Html.esc(notice) + "</p>")
        + totp + passkeys);
  }

  /**
   * The sensitive change a POST makes, if any: every factor change but "turn off TOTP", which
   * asks for a fresh code from the app itself.
   */
  static Optional<SensitiveChange> sensitiveChange(String path) {
    switch (path) {
      case "/security/totp/start":
      case "/security/totp/confirm":
      case "/security/passkeys/options":
      case "/security/passkeys/register":
      case "/security/passkeys/remove":
        return Optional.of(SensitiveChange.SECOND_FACTOR);
      case "/security/recovery/regenerate":
        return Optional.of(SensitiveChange.RECOVERY_CODES);
      default:
        return Optional.empty();
    }
  }

  /**
   * Whether this session may make the change now ({@code SessionManager.needsStepUp}: a sign-in
   * within the step-up window, with a second factor if the user has one). If not, answers "sign
   * in again" (a page, or JSON for the passkey script), records the refusal, and returns false:
   * a stolen or left-open session cannot add its own passkey or TOTP, nor read new recovery codes.
   */
  private boolean recentSignIn(HttpServletRequest req, HttpServletResponse resp, WebSessions.SignedIn me, SensitiveChange change)
      throws IOException {
    boolean enrolled = app.factors.hasTotp(me.user.id) || !app.factors.passkeys(me.user.id).isEmpty();
    if (!app.sessions.manager().needsStepUp(me.session, change, enrolled)) {
      return true;
    }
    app.audit.record(app.event(req, "auth.step_up.required", AuditEvent.DENIED, actor(me))
        .attribute("change", change.name().toLowerCase(Locale.ROOT)).build());
    if (req.getRequestURI().equals("/security/passkeys/options") || req.getRequestURI().equals("/security/passkeys/register")) {
      PasskeyJson.forgetCeremony(resp);
      PasskeyJson.result(resp, 403, false, STEP_UP, null);
      return false;
    }
    render(req, resp, 403, "Sign in again", errorBox(STEP_UP) + "<p><a class=\"button\" href=\"/signin\" id=\"sign-in-again\">Sign in again</a> "
        + "<a href=\"/security\">Back to Security</a></p>");
    return false;
  }

  static final String STEP_UP = "Changing how you sign in needs a recent sign-in: within the last "
      + SessionManager.DEFAULT_STEP_UP_MAX_AGE.toMinutes() + " minutes, and with your authenticator app or a passkey if you have one. "
      + "Sign in again, then make the change.";

  /** Mails the owner that a sign-in method changed, so a change they did not make does not go unnoticed. */
  private void mailOwner(HttpServletRequest req, WebSessions.SignedIn me, String what) {
    app.outbox.send(app.clock.instant(), me.user.email, "Your Parley sign-in methods changed",
        what + " on your account at " + Html.time(app.clock.instant()) + ", from " + SessionPages.describe(req.getHeader("User-Agent"))
            + " at IP address " + req.getRemoteAddr() + ". If it was not you, reset your password, sign out everywhere "
            + "and check your security settings.", app.appOrigin + "/security");
  }

  static String errorBox(String error) {
    return error.isEmpty() ? "" : "<p class=\"error\" id=\"error\" role=\"alert\">" + Html.esc(error) + "</p>";
  }

  private void startTotp(HttpServletRequest req, HttpServletResponse resp, WebSessions.SignedIn me) throws IOException {
    if (app.factors.hasTotp(me.user.id)) {
      overview(req, resp, me, 409, "TOTP is already on. Turn it off first to set up another app.", "");
      return;
    }
    TotpEnrollment enrollment = app.totp.enroll(me.user.id, me.user.email);
    app.factors.pendingTotp(me.user.id, enrollment.storedSecret());
    String csrf = csrfField(req, resp);
    render(req, resp, 200, "Set up TOTP", "<div class=\"columns\"><div class=\"box qr\">"
        + QrCode.svg(enrollment.otpauthUri(), 240, "totp-qr")
        + "<p>Can't scan it? Enter this key in your app:</p><code id=\"totp-secret\" class=\"secret\">" + Html.esc(group(enrollment.secretBase32()))
        + "</code></div><form method=\"post\" action=\"/security/totp/confirm\" class=\"box\" id=\"totp-confirm-form\">" + csrf
        + "<h2>1. Scan the code</h2><p>With Google Authenticator, 1Password, Aegis or any TOTP app.</p>"
        + "<h2>2. Enter the code it shows</h2>"
        + "<label>Six-digit code <input type=\"text\" name=\"code\" id=\"totp-code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" "
        + "pattern=\"[0-9]{6}\" maxlength=\"6\" required></label>"
        + "<button type=\"submit\" id=\"confirm-totp\">Turn on TOTP</button>"
        + "<p class=\"hint\">TOTP is on only once a code from your app matches.</p></form></div>");
    app.audit(req, "auth.totp.enroll_started", AuditEvent.SUCCESS, actor(me), null);
  }

  /** The base32 secret in groups of four, as authenticator apps show it; spaces are ignored when typed in. */
  static String group(String base32) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < base32.length(); i += 4) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(base32, i, Math.min(base32.length(), i + 4));
    }
    return out.toString();
  }

  private void confirmTotp(HttpServletRequest req, HttpServletResponse resp, WebSessions.SignedIn me) throws IOException {
    Optional<String> pending = app.factors.pendingTotp(me.user.id);
    if (pending.isEmpty()) {
      overview(req, resp, me, 409, "There is no TOTP set-up in progress. Start again.", "");
      return;
    }
    TotpVerification v = app.totp.confirm(me.user.id, pending.get(), AccountPages.param(req, "code"), clientKey(req));
    AtomicBoolean activated = new AtomicBoolean();
    if (v.isValid()) {
      FactorChangeOutcome o = app.factorChanges.enabled(me.user.id, AuthFactor.TOTP, me.session.id(), WebSessions.client(req),
          () -> activated.set(app.factors.activateTotp(me.user.id, pending.get())));
      if (!o.isApplied()) {
        overview(req, resp, me, 503, UNRECORDED, "");
        return;
      }
    }
    if (!activated.get()) {
      app.audit(req, "auth.totp.confirm", AuditEvent.FAILURE, actor(me), null);
      overview(req, resp, me, 400, v.failure().orElse(null) == TotpVerification.Failure.THROTTLED
          ? "Too many attempts. Wait " + v.retryAfter().toSeconds() + " s, then set up TOTP again." : WRONG_CODE + " Set up TOTP again.", "");
      return;
    }
    mailOwner(req, me, "An authenticator app (TOTP) was turned on");
    // The code just proved the new factor: the session records it (new token), so this browser can manage the factors next.
    app.sessions.addFactor(req, resp, me, AuthFactor.TOTP);
    showRecoveryCodes(req, resp, me, app.recoveryCodes.generate(me.user.id), "TOTP is on");
  }

  private void regenerate(HttpServletRequest req, HttpServletResponse resp, WebSessions.SignedIn me) throws IOException {
    if (!app.factors.hasTotp(me.user.id)) {
      overview(req, resp, me, 409, "Recovery codes come with TOTP: set it up first.", "");
      return;
    }
    AtomicReference<RecoveryCodeSet> codes = new AtomicReference<>();
    FactorChangeOutcome o = app.factorChanges.reset(me.user.id, AuthFactor.RECOVERY_CODE, me.session.id(), WebSessions.client(req),
        () -> codes.set(app.recoveryCodes.generate(me.user.id)));
    if (!o.isApplied()) {
      overview(req, resp, me, 503, UNRECORDED, "");
      return;
    }
    mailOwner(req, me, "New recovery codes were made (the old ones no longer work)");
    showRecoveryCodes(req, resp, me, codes.get(), "New recovery codes" + signedOut(o));
  }

  private void showRecoveryCodes(HttpServletRequest req, HttpServletResponse resp, WebSessions.SignedIn me, RecoveryCodeSet set, String title)
      throws IOException {
    StringBuilder list = new StringBuilder("<ol id=\"recovery-codes\" class=\"codes\">");
    for (String c : set.codes()) {
      list.append("<li><code>").append(Html.esc(c)).append("</code></li>");
    }
    list.append("</ol>");
    render(req, resp, 200, title, "<div class=\"once\" id=\"recovery\"><p><strong>Your recovery codes.</strong> Keep them somewhere safe: each "
        + "one signs you in once instead of a code from your app. They are shown only this once (we keep only their hashes), and "
        + "regenerating them makes these stop working.</p>" + list + "</div><p><a class=\"button\" href=\"/security\" id=\"done\">Done</a></p>");
  }

  private void disableTotp(HttpServletRequest req, HttpServletResponse resp, WebSessions.SignedIn me) throws IOException {
    Optional<String> secret = app.factors.totpSecret(me.user.id);
    if (secret.isEmpty()) {
      overview(req, resp, me, 409, "TOTP is not on.", "");
      return;
    }
    TotpVerification v = app.totp.verify(me.user.id, secret.get(), AccountPages.param(req, "code"), clientKey(req));
    if (!v.isValid()) {
      app.audit(req, "auth.factor.removed", AuditEvent.FAILURE, actor(me), null);
      overview(req, resp, me, 400, v.failure().orElse(null) == TotpVerification.Failure.THROTTLED
          ? "Too many attempts. Wait " + v.retryAfter().toSeconds() + " s." : WRONG_CODE + " TOTP is still on.", "");
      return;
    }
    FactorChangeOutcome o = app.factorChanges.removed(me.user.id, AuthFactor.TOTP, me.session.id(), WebSessions.client(req), () -> {
      app.factors.removeTotp(me.user.id);
      app.recoveryCodes.revokeAll(me.user.id);
    });
    if (!o.isApplied()) {
      overview(req, resp, me, 503, UNRECORDED, "");
      return;
    }
    mailOwner(req, me, "The authenticator app (TOTP) was turned off");
    overview(req, resp, me, 200, "", "TOTP is off, and your recovery codes no longer work." + signedOut(o));
  }

  private void passkeyOptions(HttpServletRequest req, HttpServletResponse resp, WebSessions.SignedIn me) throws IOException {
    String handle = app.factors.userHandle(me.user.id);
    List<PasskeyCredential> existing = app.factors.passkeys(me.user.id).stream().map(p -> p.credential).toList();
    PasskeyCeremony ceremony = app.passkeys.startRegistration(PasskeyUser.of(handle, me.user.email, me.user.email), existing);
    PasskeyJson.options(resp, ceremony);
  }

  private void registerPasskey(HttpServletRequest req, HttpServletResponse resp, WebSessions.SignedIn me) throws IOException {
    Optional<String> ceremony = PasskeyJson.ceremony(req);
    PasskeyJson.forgetCeremony(resp);
    if (ceremony.isEmpty()) {
      PasskeyJson.result(resp, 400, false, "This passkey request expired. Try again.", null);
      return;
    }
    PasskeyRegistration r = app.passkeys.finishRegistration(ceremony.get(), AccountPages.param(req, "credential"), app.factors::passkey);
    // The ceremony was started with this user's handle: a credential for any other handle is not this user's.
    boolean mine = r.isValid() && r.credential().get().userHandle().equals(app.factors.userHandle(me.user.id));
    AtomicBoolean added = new AtomicBoolean();
    if (mine) {
      FactorChangeOutcome o = app.factorChanges.enabled(me.user.id, AuthFactor.PASSKEY, me.session.id(), WebSessions.client(req),
          () -> added.set(app.factors.addPasskey(me.user.id, r.credential().get(), app.clock.instant())));
      if (!o.isApplied()) {
        PasskeyJson.result(resp, 503, false, UNRECORDED, null);
        return;
      }
    }
    if (!added.get()) {
      app.audit.record(app.event(req, "auth.factor.enabled", AuditEvent.FAILURE, actor(me))
          .attribute("factor", "passkey").attribute("reason", r.failure().map(Enum::name).orElse("NOT_THIS_USER")).build());
      PasskeyJson.result(resp, 400, false, "The passkey could not be added.", null);
      return;
    }
    mailOwner(req, me, "A passkey was added");
    // The authenticator just verified the user: the session records the passkey (new token).
    app.sessions.addFactor(req, resp, me, AuthFactor.PASSKEY);
    PasskeyJson.result(resp, 200, true, "Passkey added.", "/security");
  }

  private void removePasskey(HttpServletRequest req, HttpServletResponse resp, WebSessions.SignedIn me) throws IOException {
    String id = AccountPages.param(req, "id");
    boolean known = !id.isEmpty() && app.factors.passkeys(me.user.id).stream().anyMatch(p -> p.credential.credentialId().equals(id));
    if (!known) {
      app.audit.record(app.event(req, "auth.factor.removed", AuditEvent.FAILURE, actor(me)).attribute("factor", "passkey").build());
      overview(req, resp, me, 404, "No such passkey.", "");
      return;
    }
    AtomicBoolean removed = new AtomicBoolean();
    FactorChangeOutcome o = app.factorChanges.removed(me.user.id, AuthFactor.PASSKEY, me.session.id(), WebSessions.client(req),
        () -> removed.set(app.factors.removePasskey(me.user.id, id)));
    if (!o.isApplied()) {
      overview(req, resp, me, 503, UNRECORDED, "");
      return;
    }
    if (removed.get()) {
      mailOwner(req, me, "A passkey was removed");
    }
    overview(req, resp, me, removed.get() ? 200 : 404, removed.get() ? "" : "No such passkey.", removed.get() ? "Passkey removed." + signedOut(o) : "");
  }

  private static final String UNRECORDED = "The change could not be recorded in the audit trail, so it was not made. Try again later.";

  /** What the notice says of the other sessions a factor change ended. */
  static String signedOut(FactorChangeOutcome o) {
    int n = o.otherSessionsEnded();
    return n == 0 ? "" : " " + n + (n == 1 ? " other session was" : " other sessions were") + " signed out.";
  }

  static RateLimitKey clientKey(HttpServletRequest req) throws IOException {
    return RateLimitKey.ip(InetAddress.getByName(req.getRemoteAddr()));
  }
}
