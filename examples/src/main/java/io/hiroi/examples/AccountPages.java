package io.hiroi.examples;

import io.hiroi.audit.AuditEvent;
import io.hiroi.auth.AuthFactor;
import io.hiroi.auth.PasswordCheck;
import io.hiroi.auth.PasswordResetService;
import io.hiroi.auth.TokenConsumption;
import io.hiroi.auth.TokenPurpose;
import io.hiroi.ratelimit.Decision;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.ratelimit.RateLimiter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Sign up, sign in with a password or a magic link, sign out, and the dashboard. Failures show
 * one generic message; whether an email has an account is never said by sign-in or magic links.
 * Sign-up and magic-link requests are rate-limited per client address and per email address
 * (429 with {@code Retry-After}), since each costs an Argon2id hash or sends an email.
 */
final class AccountPages extends AppServlet {
  private static final long serialVersionUID = 1L;
  static final int MIN_PASSWORD_LENGTH = 10;
  /** The longest new password, in characters: the reset service's own limit, so that a password that signs up can also be reset to. */
  static final int MAX_PASSWORD_LENGTH = PasswordResetService.DEFAULT_MAX_PASSWORD_LENGTH;
  static final String MAGIC_LINK_SENT = "If an account exists for that address, we have sent it a sign-in link. It works once, for 15 minutes.";

  AccountPages(App app) {
    super(app);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    switch (req.getServletPath()) {
      case "/signup":
        signUpForm(req, resp, 200, "", "");
        break;
      case "/signin":
        signInForm(req, resp, 200, "", "", "1".equals(req.getParameter("reset")) ? ResetPages.DONE : "");
        break;
      case "/magic":
        magicConfirm(req, resp);
        break;
      default:
        home(req, resp);
    }
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    switch (req.getServletPath()) {
      case "/signup":
        signUp(req, resp);
        break;
      case "/signin":
        signIn(req, resp);
        break;
      case "/signout":
        signOut(req, resp);
        break;
      case "/magic-link":
        sendMagicLink(req, resp);
        break;
      case "/magic":
        useMagicLink(req, resp);
        break;
      default:
        resp.sendError(404);
    }
  }

  private void home(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"/".equals(req.getRequestURI())) {
      render(req, resp, 404, "Not found", "<p>There is no page here. <a href=\"/\">Home</a></p>");
      return;
    }
    Optional<WebSessions.SignedIn> s = app.sessions.current(req);
    if (s.isEmpty()) {
      render(req, resp, 200, "Chat widgets for your website", "<p class=\"lead\">Parley is a pretend chat-widget SaaS built to show "
          + "hiroi at work: Argon2id passwords, magic links, revocable server-side sessions, CSRF tokens on every form, "
          + "widget API keys, signed widget session tokens behind an Origin safelist, encrypted third-party credentials "
          + "and a tamper-evident audit trail.</p><p><a class=\"button\" href=\"/signup\">Create an account</a> "
          + "<a class=\"button secondary\" href=\"/signin\">Sign in</a></p>");
      return;
    }
    WebSessions.SignedIn me = s.get();
    render(req, resp, 200, "Dashboard", "<p class=\"lead\" id=\"welcome\">Signed in as <strong>" + Html.esc(me.user.email)
        + "</strong> (signed in with " + Html.factors(me.session.factors()) + ").</p>"
        + "<div class=\"cards\">"
        + card("/sessions", "Your sessions", "Every signed-in browser; sign one out, or all of them.")
        + card("/security", "Security", "An authenticator app (TOTP) with recovery codes, and passkeys.")
        + card("/keys", "Widget API keys", "Keys for your widget <code>" + Html.esc(me.user.widgetId) + "</code>: shown once, stored hashed.")
        + card("/widget", "Widget demo", "The chat widget on a customer's site, and on a site that is not allowed.")
        + card("/connected", "Connected account", "A third-party token stored encrypted: use it, revoke it.")
        + card("/audit", "Audit trail", "Recent events, no secrets in them, and a chain you can verify.")
        + card("/outbox", "Dev outbox", "The emails the app would have sent.")
        + "</div>");
  }

  private static String card(String href, String title, String text) {
    return "<a class=\"card\" href=\"" + href + "\"><strong>" + Html.esc(title) + "</strong><span>" + text + "</span></a>";
  }

  private void signUpForm(HttpServletRequest req, HttpServletResponse resp, int status, String error, String email) throws IOException {
    String csrf = csrfField(req, resp);
    render(req, resp, status, "Create your account", errorBox(error)
        + "<form method=\"post\" action=\"/signup\" class=\"box\" id=\"signup-form\">" + csrf
        + "<label>Email <input type=\"email\" name=\"email\" id=\"email\" required autocomplete=\"username\" value=\"" + Html.esc(email) + "\"></label>"
        + "<label>Password (at least " + MIN_PASSWORD_LENGTH + " characters) <input type=\"password\" name=\"password\" id=\"password\" required minlength=\""
        + MIN_PASSWORD_LENGTH + "\" autocomplete=\"new-password\"></label>"
        + "<button type=\"submit\" id=\"signup\">Create account</button></form>"
        + "<p>Already have one? <a href=\"/signin\">Sign in</a>.</p>");
  }

  private void signInForm(HttpServletRequest req, HttpServletResponse resp, int status, String error, String email, String notice)
      throws IOException {
    String csrf = csrfField(req, resp);
    render(req, resp, status, "Sign in", errorBox(error) + (notice.isEmpty() ? "" : "<p class=\"notice\" id=\"notice\">" + Html.esc(notice) + "</p>")
        + "<div class=\"columns\"><form method=\"post\" action=\"/signin\" class=\"box\" id=\"signin-form\">" + csrf
        + "<h2>With your password</h2>"
        + "<label>Email <input type=\"email\" name=\"email\" id=\"email\" required autocomplete=\"username\" value=\"" + Html.esc(email) + "\"></label>"
        + "<label>Password <input type=\"password\" name=\"password\" id=\"password\" required autocomplete=\"current-password\"></label>"
        + "<button type=\"submit\" id=\"signin\">Sign in</button> <a href=\"/forgot\" id=\"forgot\">Forgot your password?</a></form>"
        + "<form method=\"post\" action=\"/magic-link\" class=\"box\" id=\"magic-form\">" + csrf
        + "<h2>With a magic link</h2><p>We email you a link that signs you in once.</p>"
        + "<label>Email <input type=\"email\" name=\"email\" id=\"magic-email\" required autocomplete=\"username\"></label>"
        + "<button type=\"submit\" id=\"send-magic-link\" class=\"secondary\">Email me a link</button></form>"
        + "<form method=\"post\" action=\"/signin/passkey\" class=\"box\" id=\"passkey-signin-form\">" + csrf
        + "<h2>With a passkey</h2><p>Your device offers the passkeys it holds for this site: no email, no password.</p>"
        + "<button type=\"submit\" id=\"passkey-signin\" class=\"secondary\">Sign in with a passkey</button>"
        + "<p class=\"status\" id=\"passkey-status\" role=\"status\"></p></form></div>"
        + "<p>New here? <a href=\"/signup\">Create an account</a>.</p>");
  }

  private static String errorBox(String error) {
    return error.isEmpty() ? "" : "<p class=\"error\" id=\"error\" role=\"alert\">" + Html.esc(error) + "</p>";
  }

  private void signUp(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String email = param(req, "email");
    String password = param(req, "password");
    Optional<Duration> wait = limited(req, app.signupPerIp, app.signupPerEmail, email);
    if (wait.isPresent()) {
      app.audit(req, "auth.signup", AuditEvent.DENIED, null, null);
      signUpForm(req, resp, tooMany(resp, wait.get()), "Too many sign-up attempts. Try again in " + minutes(wait.get()) + ".", email);
      return;
    }
    String problem = plausibleEmail(email) ? newPasswordProblem(password, app.hasher.maxPasswordBytes()) : "Enter your email address.";
    if (!problem.isEmpty()) {
      signUpForm(req, resp, 400, problem, email);
      return;
    }
    char[] chars = password.toCharArray();
    String hash = app.hasher.hash(chars); // cannot throw: newPasswordProblem checked what the hasher refuses
    java.util.Arrays.fill(chars, '\0');
    Optional<Accounts.User> created = app.accounts.create(email, hash, app.clock.instant());
    if (created.isEmpty()) {
      app.outbox.send(app.clock.instant(), email, "Someone tried to sign up with your address",
          "An account with this address already exists. If this was you, sign in instead.", app.appOrigin + "/signin");
      app.audit(req, "auth.signup", AuditEvent.FAILURE, null, null);
      signUpForm(req, resp, 409, "We could not create an account with these details. If you already have one, sign in.", email);
      return;
    }
    Accounts.User user = created.get();
    app.sessions.signIn(req, resp, user, AuthFactor.PASSWORD);
    // Remember the browser that signed up, so that signing in from it later is not "new".
    app.devices.check(user.id, null, WebSessions.client(req));
    app.audit(req, "auth.signup", AuditEvent.SUCCESS, "user/" + user.id, null);
    redirect(resp, "/");
  }

  private void signIn(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String email = param(req, "email");
    char[] password = param(req, "password").toCharArray();
    PasswordCheck check = app.passwords.authenticate(email, password, RateLimitKey.ip(InetAddress.getByName(req.getRemoteAddr())));
    java.util.Arrays.fill(password, '\0');
    Optional<Accounts.User> user = check.userId().flatMap(app.accounts::byId);
    if (!check.isSuccess() || user.isEmpty()) {
      app.audit(req, "auth.login", AuditEvent.FAILURE, null, null);
      signInForm(req, resp, 401, PasswordCheck.GENERIC_FAILURE, email, "");
      return;
    }
    app.audit(req, "auth.login", AuditEvent.SUCCESS, "user/" + user.get().id, null);
    firstFactorPassed(req, resp, user.get(), AuthFactor.PASSWORD);
  }

  private void signOut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<WebSessions.SignedIn> s = app.sessions.current(req);
    app.sessions.signOut(req, resp);
    s.ifPresent(me -> app.audit(req, "auth.logout", AuditEvent.SUCCESS, actor(me), null));
    redirect(resp, "/signin");
  }

  private void sendMagicLink(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String email = param(req, "email");
    Optional<Duration> wait = limited(req, app.magicLinkPerIp, app.magicLinkPerEmail, email);
    if (wait.isPresent()) {
      // Counted whether or not the address has an account, so this answer says nothing about it.
      app.audit(req, "auth.magic_link.sent", AuditEvent.DENIED, null, null);
      signInForm(req, resp, tooMany(resp, wait.get()), "Too many sign-in links asked for. Try again in " + minutes(wait.get()) + ".", "", "");
      return;
    }
    Optional<Accounts.User> user = plausibleEmail(email) ? app.accounts.byEmail(email) : Optional.empty();
    if (user.isPresent()) {
      String token = app.oneTimeTokens.issue(TokenPurpose.MAGIC_LINK, user.get().id);
      String link = app.appOrigin + "/magic?token=" + token;
      app.outbox.send(app.clock.instant(), user.get().email, "Your sign-in link",
          "Open this link to sign in to Parley. It works once, within 15 minutes. If you did not ask for it, ignore this email.", link);
      app.audit(req, "auth.magic_link.sent", AuditEvent.SUCCESS, "user/" + user.get().id, null);
    } else {
      app.audit(req, "auth.magic_link.sent", AuditEvent.FAILURE, null, null);
    }
    signInForm(req, resp, 200, "", "", MAGIC_LINK_SENT);
  }

  /** Opening the link only shows a button: mail scanners that fetch links do not use up the token. */
  private void magicConfirm(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String token = param(req, "token");
    String csrf = csrfField(req, resp);
    render(req, resp, 200, "Sign in with your link", "<form method=\"post\" action=\"/magic\" class=\"box\">" + csrf
        + Html.hidden("token", token) + "<p>Continue to sign in to Parley in this browser.</p>"
        + "<button type=\"submit\" id=\"use-magic-link\">Sign in</button></form>");
  }

  private void useMagicLink(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    TokenConsumption used = app.oneTimeTokens.consume(TokenPurpose.MAGIC_LINK, param(req, "token"));
    Optional<Accounts.User> user = used.subject().flatMap(app.accounts::byId);
    if (user.isEmpty()) {
      app.audit(req, "auth.magic_link.used", AuditEvent.FAILURE, null, null);
      signInForm(req, resp, 401, "This sign-in link is invalid, expired or already used. Ask for a new one.", "", "");
      return;
    }
    app.audit(req, "auth.magic_link.used", AuditEvent.SUCCESS, "user/" + user.get().id, null);
    firstFactorPassed(req, resp, user.get(), AuthFactor.MAGIC_LINK);
  }

  /**
   * Spends one permit of the client address's limiter, then (for a plausible address) one of the
   * address's: empty if both allow, else how long to wait. The backend being down denies too.
   */
  static Optional<Duration> limited(HttpServletRequest req, RateLimiter perIp, RateLimiter perEmail, String email) throws IOException {
    Decision ip = perIp.tryAcquire(SecurityPages.clientKey(req));
    if (!ip.isAllowed()) {
      return Optional.of(ip.retryAfter());
    }
    if (!plausibleEmail(email)) {
      return Optional.empty();
    }
    Decision address = perEmail.tryAcquire(RateLimitKey.account(email.toLowerCase(Locale.ROOT)));
    return address.isAllowed() ? Optional.empty() : Optional.of(address.retryAfter());
  }

  /** Sets {@code Retry-After} (whole seconds, at least 1) and returns 429. */
  static int tooMany(HttpServletResponse resp, Duration wait) {
    resp.setHeader("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
    return 429;
  }

  /** A wait in whole minutes, at least one, for a message. */
  static String minutes(Duration wait) {
    long m = Math.max(1, (wait.toSeconds() + 59) / 60);
    return m == 1 ? "a minute" : m + " minutes";
  }

  /**
   * Why a new password (sign-up, reset) is refused, as a form error, or "" if it is fine. Lengths
   * count characters (code points, as the reset service does: an emoji is one, not two UTF-16
   * units), and the UTF-8 size is checked against the hasher's limit ({@code maxBytes}), which
   * refuses a longer password, and a password with an unpaired surrogate (no UTF-8 encoding), by
   * throwing.
   */
  static String newPasswordProblem(String password, int maxBytes) {
    long bytes = utf8Length(password);
    if (bytes < 0) {
      return "That password has a character that cannot be stored (an unpaired surrogate). Type it again.";
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_PASSWORD_LENGTH) {
      return "Choose a password of at least " + MIN_PASSWORD_LENGTH + " characters.";
    }
    if (length > MAX_PASSWORD_LENGTH || bytes > maxBytes) {
      return "Choose a password of at most " + MAX_PASSWORD_LENGTH + " characters (and " + maxBytes + " bytes in UTF-8).";
    }
    return "";
  }

  /** The size of {@code s} in UTF-8, or -1 if it holds an unpaired surrogate (which has no UTF-8 encoding). */
  static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        return -1;
      } else {
        n += 3;
      }
    }
    return n;
  }

  static String param(HttpServletRequest req, String name) {
    String v = req.getParameter(name);
    return v == null ? "" : v;
  }

  static boolean plausibleEmail(String email) {
    int at = email.indexOf('@');
    return email.length() <= 254 && at > 0 && at == email.lastIndexOf('@') && at < email.length() - 1
        && email.chars().noneMatch(c -> c <= ' ' || c == '<' || c == '>');
  }
}
