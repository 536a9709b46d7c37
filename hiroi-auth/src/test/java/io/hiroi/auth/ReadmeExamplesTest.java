package io.hiroi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.hiroi.ratelimit.AuthThrottle;
import io.hiroi.ratelimit.Decision;
import io.hiroi.ratelimit.InMemoryRateLimitBackend;
import io.hiroi.ratelimit.Limit;
import io.hiroi.ratelimit.RateLimitBackend;
import io.hiroi.ratelimit.RateLimitKey;
import io.hiroi.ratelimit.RateLimiter;
import io.hiroi.testing.ReadmeSnippets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The README's hiroi-auth examples, compiled and run here; {@link #readmeShowsTheseExamples()}
 * fails when the README copy drifts from this file.
 */
class ReadmeExamplesTest {
  private final List<String> headers = new ArrayList<>();
  private final List<String> logged = new ArrayList<>();

  @Test
  void readmeShowsTheseExamples() {
    ReadmeSnippets.assertReadmeMatches(Paths.get("src/test/java/io/hiroi/auth/ReadmeExamplesTest.java"));
  }

  @Test
  void sessions() {
    SessionStore store = InMemorySessionStore.create();
    Request request = new Request("203.0.113.5", "Mozilla/5.0");
    String userId = "user-42";

    // region readme:auth-sessions
    SessionManager sessions = SessionManager.builder(store).build(); // idle 30 min, absolute 8 h
    SessionCookie cookie = SessionCookie.builder().build();          // __Host-session, Lax

    // After the password (and second factor) checked out:
    IssuedSession issued =
        sessions.create(userId, Set.of(AuthFactor.PASSWORD), ClientInfo.of(request.ip(), request.userAgent()));
    addHeader("Set-Cookie", cookie.setCookie(issued.token()));

    // On each request:
    SessionValidation v = sessions.validate(cookie.read(request.header("Cookie")).orElse(""));
    if (!v.isValid()) {
      log("session rejected: " + v.failure().get()); // MALFORMED, UNKNOWN, IDLE_TIMEOUT, ...
    }

    // Before a password change: a recent sign-in, else ask again and rotate the token.
    boolean askAgain = sessions.needsStepUp(v.session().orElseThrow(), SensitiveChange.PASSWORD, false);

    // "Sign out everywhere": every replica sharing the store rejects them on the next request.
    int ended = sessions.revokeAll(userId);
    // endregion
    assertThat(askAgain).isFalse();
    assertThat(ended).isEqualTo(1);
    assertThat(logged).isEmpty();
    assertThat(sessions.validate(cookie.read(request.header("Cookie")).orElse("")).isValid()).isFalse();
  }

  @Test
  void oneTimeTokens() {
    OneTimeTokenStore store = InMemoryOneTimeTokenStore.create();
    String userId = "user-42";

    // region readme:auth-one-time-tokens
    OneTimeTokens tokens = OneTimeTokens.builder(store).build();
    String token = tokens.issue(TokenPurpose.MAGIC_LINK, userId); // 15 minutes by default
    sendEmail("https://app.example/magic?t=" + token);

    // When the link is opened (on any replica): it works once, for this purpose only.
    TokenConsumption used = tokens.consume(TokenPurpose.MAGIC_LINK, token);
    if (used.isValid()) {
      signIn(used.subject().get());
    } else {
      log("magic link rejected: " + used.failure().get()); // UNKNOWN, EXPIRED, WRONG_PURPOSE, ...
    }
    boolean again = tokens.consume(TokenPurpose.MAGIC_LINK, token).isValid(); // false
    // endregion
    assertThat(again).isFalse();
    assertThat(logged).isEmpty();
    assertThat(signedIn).containsExactly("user-42");
    assertThat(mails).hasSize(1);
  }

  @Test
  void oauthState() {
    io.hiroi.crypto.KeyRing keyRing = io.hiroi.crypto.KeyRing.builder().addGeneratedKey(1).primary(1).build();
    String returnParam = "/settings/integrations";

    // region readme:auth-oauth-state
    ReturnUrlPolicy returnUrls = ReturnUrlPolicy.sameOrigin();
    OAuthStateCodec oauth = OAuthStateCodec.builder(keyRing).returnUrlPolicy(returnUrls).build();

    // Starting the flow: the return URL comes from the request, so check it first.
    String returnUrl = returnUrls.check(returnParam).orElse("/");
    OAuthStart start = oauth.begin("customer-42", "linkedin", returnUrl);
    addHeader("Set-Cookie", "__Host-oauth=" + start.bindingCookieValue() + "; Path=/; Secure; HttpOnly; SameSite=Lax");
    String authorize = "https://www.linkedin.com/oauth/v2/authorization?response_type=code&client_id=..."
        + "&state=" + start.state() + "&code_challenge=" + start.codeChallenge() + "&code_challenge_method=S256";

    // The callback, before any database write:
    OAuthStateVerification v = oauth.verify(stateParam(authorize), bindingCookie());
    if (!v.isValid()) {
      log("OAuth callback refused: " + v.failure().get()); // OTHER_BROWSER, EXPIRED, INVALID_TOKEN, ...
      return;
    }
    exchangeCode(v.customerId(), v.platform(), v.codeVerifier());
    redirect(v.returnUrl()); // same-origin, checked again
    // endregion
    assertThat(logged).isEmpty();
    assertThat(redirects).containsExactly("/settings/integrations");
    assertThat(returnUrls.check("//evil.example")).isEmpty();
  }

  @Test
  void csrfAndServiceTokens() {
    io.hiroi.crypto.KeyRing keyRing = io.hiroi.crypto.KeyRing.builder().addGeneratedKey(1).primary(1).build();
    String sessionToken = SessionManager.builder(InMemorySessionStore.create()).build()
        .create("user-42", Set.of(AuthFactor.PASSWORD), ClientInfo.unknown()).token();

    // region readme:auth-csrf
    CsrfTokens csrf = CsrfTokens.trusting(Set.of("https://app.example"));
    String formField = csrf.maskedToken(sessionToken); // fresh for every page: <input name="_csrf">

    // On a POST, PUT, PATCH or DELETE:
    CsrfCheck origin = csrf.checkOrigin("POST", "https://app.example", "same-origin");
    CsrfCheck token = csrf.verifyToken(sessionToken, formField);
    boolean proceed = origin.isAllowed() && token.isAllowed(); // else 403, log the failure()
    // endregion
    assertThat(proceed).isTrue();
    assertThat(csrf.checkOrigin("POST", "https://evil.example", "cross-site").isAllowed()).isFalse();

    // region readme:auth-service-tokens
    ServiceTokens gateway = ServiceTokens.builder(keyRing, "api-gateway").build();
    String header = gateway.issue("user-42", "billing"); // X-User-Token, 60 seconds, for billing only

    // In the billing service:
    ServiceTokens billing = ServiceTokens.builder(keyRing, "billing").build();
    ServiceTokenVerification caller = billing.verify(header);
    String actingFor = caller.userId().orElseThrow(); // else 401, log caller.failure()
    // endregion
    assertThat(actingFor).isEqualTo("user-42");
    assertThat(gateway.verify(header).isValid()).isFalse();
  }

  @Test
  void auditAndPasswordResetAndNewDevices(@org.junit.jupiter.api.io.TempDir java.nio.file.Path auditDir) {
    io.hiroi.crypto.KeyRing keyRing = io.hiroi.crypto.KeyRing.builder().addGeneratedKey(1).primary(1).build();
    ResetFixture accounts = host;
    ResetFixture mailer = host;
    accounts.add("alice@example.com", "user-42", "old password 1", true);
    io.hiroi.crypto.PasswordHasher hasher = ResetFixture.HASHER;
    SessionStore sessionStore = InMemorySessionStore.create();
    OneTimeTokenStore tokenStore = InMemoryOneTimeTokenStore.create();
    DeviceStore deviceStore = InMemoryDeviceStore.create();
    RateLimitBackend backend = InMemoryRateLimitBackend.create();
    ClientInfo client = ClientInfo.of("203.0.113.5", "Mozilla/5.0 (Windows NT 10.0) Chrome/131.0");
    java.net.InetAddress address = java.net.InetAddress.getLoopbackAddress();
    char[] password = "old password 1".toCharArray();
    String email = "alice@example.com";
    String deviceCookie = null;

    try (io.hiroi.audit.AuditLog auditLog =
        io.hiroi.audit.AuditLog.builder(keyRing, io.hiroi.audit.FileAuditSink.builder(auditDir).build()).build()) {
      // region readme:auth-audit
      AuthAudit audit = AuthAudit.required(auditLog); // no sign-in, session or reset without its record
      SessionManager sessions = SessionManager.builder(sessionStore).audit(audit).build();
      PasswordAuthenticator logins = PasswordAuthenticator.create(
          hasher, accounts, AuthThrottle.builder("login", backend).build(), audit);

      PasswordCheck check = logins.authenticate(email, password, RateLimitKey.ip(address), client);
      // auth.login.succeeded / auth.login.failed / auth.login.throttled, with ip and user agent;
      // AUDIT_UNAVAILABLE (a failure) if the trail could not take the record.
      // endregion
      assertThat(check.isSuccess()).isTrue();

      // region readme:auth-new-device
      NewDeviceDetector devices = NewDeviceDetector.builder(keyRing, deviceStore).audit(audit).build();
      DeviceCheck seen = devices.check(check.userId().get(), deviceCookie, client); // deviceCookie may be null
      if (seen.isNew()) { // NEW_DEVICE or NEW_NETWORK; recorded as auth.device.new
        sendEmail("New sign-in to your account from " + client.ipAddress());
      }
      // endregion
      assertThat(seen.status()).isEqualTo(DeviceCheck.Status.NEW_DEVICE);
      assertThat(devices.check("user-42", null, client).status()).isEqualTo(DeviceCheck.Status.KNOWN);
      sessions.create("user-42", Set.of(AuthFactor.PASSWORD), client);

      // region readme:auth-password-reset
      PasswordResetService resets = PasswordResetService.builder(
              OneTimeTokens.builder(tokenStore).build(), sessions, accounts, hasher, mailer)
          .rateLimits(
              RateLimiter.builder("reset-account", backend)
                  .limit(Limit.perHour("reset", 3)).build(),
              RateLimiter.builder("reset-client", backend)
                  .limit(Limit.perHour("reset", 20)).build())
          .audit(audit)
          .build();

      // "Forgot password": the same answer whether or not the email is registered.
      PasswordResetRequest asked = resets.request(email, client);
      show(asked.isAccepted() ? PasswordResetRequest.GENERIC_MESSAGE : "Too many requests, try later.");

      // The link (on any replica): works once; the password changes and every session ends.
      PasswordReset done = resets.reset(tokenFromLink(), "a new passphrase".toCharArray(), client);
      if (done.isSuccess()) {
        redirect(done.secondFactorRequired() ? "/login?second-factor" : "/login"); // never signed in by a reset
      } else {
        log("password reset refused: " + done.failure().get()); // INVALID_TOKEN, PASSWORD_TOO_SHORT, THROTTLED, ...
      }
      // endregion
      assertThat(shown).containsExactly(PasswordResetRequest.GENERIC_MESSAGE);
      assertThat(done.sessionsRevoked()).isEqualTo(1);
      assertThat(redirects).containsExactly("/login?second-factor");
      assertThat(logged).isEmpty();
    }
  }

  @Test
  void throttlingTheOtherEndpoints() {
    RateLimitBackend backend = InMemoryRateLimitBackend.create();
    java.net.InetAddress address = java.net.InetAddress.getLoopbackAddress();
    OneTimeTokenStore store = InMemoryOneTimeTokenStore.create();
    String token = OneTimeTokens.builder(store).build().issue(TokenPurpose.MAGIC_LINK, "user-42");
    List<java.time.Duration> refused = new ArrayList<>();

    // region readme:auth-throttling
    // Registration: a plain per-client rate limit.
    RateLimiter registrations = RateLimiter.builder("register", backend)
        .limit(Limit.perHour("register", 10)).build();
    // Magic-link and email-verification links: the limit sits inside consume.
    OneTimeTokens links = OneTimeTokens.builder(store)
        .consumeLimiter(RateLimiter.builder("magic-link", backend)
            .limit(Limit.perMinute("verify", 10)).build())
        .build();

    // On POST /register:
    Decision d = registrations.tryAcquire(RateLimitKey.ip(address));
    if (!d.isAllowed()) {
      refused.add(d.retryAfter()); // 429 with Retry-After
    }
    // On GET /magic?t=...:
    TokenConsumption used = links.consume(TokenPurpose.MAGIC_LINK, token, RateLimitKey.ip(address));
    if (used.failure().orElse(null) == TokenConsumption.Failure.THROTTLED) {
      refused.add(used.retryAfter()); // 429; the token was not used up
    }
    // endregion
    assertThat(refused).isEmpty();
    assertThat(used.subject()).contains("user-42");
    for (int i = 0; i < 9; i++) {
      assertThat(registrations.tryAcquire(RateLimitKey.ip(address)).isAllowed()).isTrue();
      assertThat(links.consume(TokenPurpose.MAGIC_LINK, token, RateLimitKey.ip(address)).failure())
          .contains(TokenConsumption.Failure.UNKNOWN);
    }
    assertThat(registrations.tryAcquire(RateLimitKey.ip(address)).retryAfter()).isPositive();
    assertThat(links.consume(TokenPurpose.MAGIC_LINK, token, RateLimitKey.ip(address)).failure())
        .contains(TokenConsumption.Failure.THROTTLED);
  }

  @Test
  void totp() {
    io.hiroi.crypto.KeyRing keyRing = io.hiroi.crypto.KeyRing.builder().addGeneratedKey(1).primary(1).build();
    FakeClock clock = FakeClock.atRecentTime();
    TotpReplayGuard replayGuard = InMemoryTotpReplayGuard.create(1000, clock);
    RateLimitBackend rateLimits = InMemoryRateLimitBackend.create();
    java.net.InetAddress clientAddress = java.net.InetAddress.getLoopbackAddress();
    String userId = "user-42";

    // region readme:auth-totp
    TotpService totp = TotpService.builder(keyRing, replayGuard, "Acme Chat")
        .throttle(AuthThrottle.builder("totp", rateLimits).build()) // required: per user, across pending sign-ins
        .clock(clock) // Clock.systemUTC() by default
        .build();

    // Enrolment: store the envelope, show the QR code once.
    TotpEnrollment enrollment = totp.enroll(userId, "alice@example.com");
    saveTotpSecret(userId, enrollment.storedSecret()); // AES-256-GCM, bound to this user id
    showQrCode(enrollment.otpauthUri());               // otpauth://totp/Acme%20Chat:alice%40example.com?...

    // Sign-in, after the password (its own throttle, never the password's):
    TotpVerification v = totp.verify(userId, loadTotpSecret(userId), codeFromForm(), RateLimitKey.ip(clientAddress));
    boolean secondFactorOk = v.isValid(); // else WRONG_CODE, REPLAYED, SECRET_UNREADABLE, ...
    // endregion
    assertThat(secondFactorOk).isTrue();
    assertThat(totp.verify(userId, loadTotpSecret(userId), codeFromForm(), RateLimitKey.ip(clientAddress)).failure())
        .contains(TotpVerification.Failure.REPLAYED);
    assertThat(qrCodes).singleElement().asString().startsWith("otpauth://totp/Acme%20Chat:alice%40example.com?secret=");
  }

  private final java.util.Map<String, String> totpSecrets = new java.util.HashMap<>();
  private final List<String> qrCodes = new ArrayList<>();

  private void saveTotpSecret(String userId, String envelope) {
    totpSecrets.put(userId, envelope);
  }

  private String loadTotpSecret(String userId) {
    return totpSecrets.get(userId);
  }

  private void showQrCode(String uri) {
    qrCodes.add(uri);
  }

  /** What the user's authenticator app shows now (the test reads the secret back from the URI). */
  private String codeFromForm() {
    String uri = qrCodes.get(0);
    int at = uri.indexOf("secret=") + 7;
    byte[] secret = TotpServiceTest.decodeBase32(uri.substring(at, uri.indexOf('&', at)));
    return TotpService.codeAt(secret, FakeClock.atRecentTime().instant(), TotpService.DIGITS, "HmacSHA1");
  }

  private final List<String> shown = new ArrayList<>();

  private void show(String message) {
    shown.add(message);
  }

  private final ResetFixture host = new ResetFixture();

  private String tokenFromLink() {
    return host.lastToken();
  }

  private final List<String> redirects = new ArrayList<>();

  private static String stateParam(String url) {
    int at = url.indexOf("&state=") + 7;
    return url.substring(at, url.indexOf('&', at));
  }

  private String bindingCookie() {
    String h = headers.get(headers.size() - 1);
    return h.substring(h.indexOf('=') + 1, h.indexOf(';'));
  }

  private void exchangeCode(String customerId, String platform, String verifier) {
    assertThat(List.of(customerId, platform)).containsExactly("customer-42", "linkedin");
    assertThat(Pkce.challenge(verifier)).hasSize(43);
  }

  private void redirect(String url) {
    redirects.add(url);
  }

  private final List<String> mails = new ArrayList<>();
  private final List<String> signedIn = new ArrayList<>();

  private void sendEmail(String link) {
    mails.add(link);
  }

  private void signIn(String userId) {
    signedIn.add(userId);
  }

  private void addHeader(String name, String value) {
    assertThat(name).isEqualTo("Set-Cookie");
    headers.add(value);
  }

  private void log(String line) {
    logged.add(line);
  }

  /** A stand-in for the host's request object. */
  private final class Request {
    private final String ip;
    private final String userAgent;

    Request(String ip, String userAgent) {
      this.ip = ip;
      this.userAgent = userAgent;
    }

    String ip() {
      return ip;
    }

    String userAgent() {
      return userAgent;
    }

    /** The browser sends back what it was set, beside a cookie of its own. */
    String header(String name) {
      if (!name.equals("Cookie") || headers.isEmpty()) {
        return null;
      }
      return "theme=dark; " + headers.get(0).substring(0, headers.get(0).indexOf(';'));
    }
  }
}
