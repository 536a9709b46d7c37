package io.hiroi.examples;

import io.hiroi.audit.AuditEvent;
import io.hiroi.audit.AuditLog;
import io.hiroi.audit.AuditVerifier;
import io.hiroi.auth.AuthAudit;
import io.hiroi.auth.CsrfTokens;
import io.hiroi.auth.FactorChanges;
import io.hiroi.auth.NewDeviceDetector;
import io.hiroi.auth.OneTimeTokens;
import io.hiroi.auth.PasskeyService;
import io.hiroi.auth.PasswordAuthenticator;
import io.hiroi.auth.PasswordResetService;
import io.hiroi.auth.RecoveryCodes;
import io.hiroi.auth.SessionCookie;
import io.hiroi.auth.SessionManager;
import io.hiroi.auth.SignInChallenges;
import io.hiroi.auth.TotpService;
import io.hiroi.crypto.CredentialCipher;
import io.hiroi.crypto.KeyRing;
import io.hiroi.crypto.PasswordHasher;
import io.hiroi.ratelimit.AuthThrottle;
import io.hiroi.ratelimit.Limit;
import io.hiroi.ratelimit.RateLimiter;
import io.hiroi.servlet.AuditContext;
import io.hiroi.servlet.AuditContextFilter;
import io.hiroi.widget.CorsHeaders;
import io.hiroi.widget.OriginSafelist;
import io.hiroi.widget.WidgetApiKeys;
import io.hiroi.widget.WidgetSessionTokens;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Every hiroi object the example app uses, built once from the key ring and the storage backends,
 * plus the app's own in-memory repositories. Thread-safe; one per running app.
 */
final class App implements AutoCloseable {
  final Clock clock;
  final KeyRing keyRing;
  final String appOrigin;
  final String customerOrigin;
  final String refusedOrigin;
  final Backends backends;
  final UserFactors factors;
  final Accounts accounts;
  final Outbox outbox = new Outbox();
  final PasswordHasher hasher = PasswordHasher.defaults();
  final PasswordAuthenticator passwords;
  final WebSessions sessions;
  final OneTimeTokens oneTimeTokens;
  final TotpService totp;
  final RecoveryCodes recoveryCodes;
  /** Per user and client, for TOTP codes and recovery codes alike (one count, so the two do not add up). */
  final AuthThrottle secondFactorThrottle;
  final PasskeyService passkeys;
  final SignInChallenges secondFactor;
  final FactorChanges factorChanges;
  final PasswordResetService resets;
  final NewDeviceDetector devices;
  final Csrf csrf;
  final AuditLog audit;
  final AuditVerifier auditVerifier;
  final WidgetApiKeys widgetKeys;
  final ApiKeyRegistry apiKeys;
  final WidgetSessionTokens widgetTokens;
  final String demoWidgetId = WidgetApiKeys.newWidgetId();
  final OriginSafelist demoSafelist;
  final CorsHeaders cors;
  final RateLimiter chatLimiter;
  /** Sign-up attempts (each can run an Argon2id hash and mail the address): per client address, and per address signed up with. */
  /**
   * How long the form limiters wait for the backend before they deny (fail closed): longer than the
   * 20 ms default, because these pages are not hot paths and a cold Redis connection's first script
   * load can take longer than that.
   */
  static final Duration FORM_LIMIT_TIMEOUT = Duration.ofMillis(500);
  final RateLimiter signupPerIp;
  final RateLimiter signupPerEmail;
  /** Magic-link requests (each mails the address): per client address, and per address asked for. */
  final RateLimiter magicLinkPerIp;
  final RateLimiter magicLinkPerEmail;
  /** "Verify chain" reads the whole audit trail: per user, and for the whole app. */
  final RateLimiter auditVerifyPerUser;
  final RateLimiter auditVerifyAll;
  /** Passkey sign-in options per client address: each one stores a ceremony in the one-time token store. */
  final RateLimiter passkeyOptionsPerIp;
  final ConnectedAccounts connected;

  App(Clock clock, KeyRing keyRing, Backends backends, String appOrigin, String customerOrigin, String refusedOrigin, long chatPerMinute) {
    this.clock = clock;
    this.keyRing = keyRing;
    this.backends = backends;
    this.appOrigin = appOrigin;
    this.customerOrigin = customerOrigin;
    this.refusedOrigin = refusedOrigin;
    this.factors = new UserFactors(backends.records);
    this.accounts = new Accounts(factors, backends.records);
    this.apiKeys = new ApiKeyRegistry(backends.records);
    AuthThrottle throttle = AuthThrottle.builder("signin", backends.rateLimits).build();
    this.passwords = PasswordAuthenticator.create(hasher, accounts, throttle);
    SessionManager manager = SessionManager.builder(backends.sessions).clock(clock).build();
    this.sessions = new WebSessions(manager, SessionCookie.builder().build(), accounts);
    this.oneTimeTokens = OneTimeTokens.builder(backends.oneTimeTokens).clock(clock).build();
    this.secondFactorThrottle = AuthThrottle.builder("totp", backends.rateLimits).build();
    this.totp = TotpService.builder(keyRing, backends.totpReplay, Html.BRAND)
        .throttle(secondFactorThrottle)
        .clock(clock)
        .build();
    this.recoveryCodes = RecoveryCodes.create(backends.recoveryCodes);
    // User verification required: a passkey sign-in proves possession and the device's PIN or biometric, so it is complete on its own.
    this.passkeys = PasskeyService.builder(AppConfig.HOST, Html.BRAND, backends.oneTimeTokens)
        .allowHttpLocalhostForDevelopment() // a local demo on http://localhost; production origins are https
        .origin(appOrigin)
        .userVerification(PasskeyService.UserVerification.REQUIRED)
        .throttle(AuthThrottle.builder("passkey", backends.rateLimits).build())
        .clock(clock)
        .build();
    this.secondFactor = SignInChallenges.builder(backends.pendingSignIns).clock(clock).build(); // 5 minutes, 5 wrong codes
    this.resets = PasswordResetService.builder(oneTimeTokens, manager, accounts, hasher, (email, userId, token) ->
            outbox.send(clock.instant(), email, "Reset your password", "Open this link to choose a new password for Parley. It works once, "
                + "within an hour, and signs out every browser. If you did not ask for it, ignore this email.", appOrigin + "/reset?token=" + token))
        .rateLimits(
            RateLimiter.builder("reset-account", backends.rateLimits).limit(Limit.perHour("hour", 5)).build(),
            RateLimiter.builder("reset-client", backends.rateLimits).limit(Limit.perHour("hour", 30)).build())
        .build();
    this.devices = NewDeviceDetector.builder(keyRing, backends.devices).clock(clock).build();
    this.csrf = new Csrf(CsrfTokens.trusting(Set.of(appOrigin)), sessions);
    this.audit = AuditLog.builder(keyRing, backends.auditSink).clock(clock).build();
    // Factor changes: recorded first (required: no change without its record), then, on removal and
    // reset, the user's other sessions end, then the change is stored.
    this.factorChanges = FactorChanges.builder(manager).audit(AuthAudit.required(audit)).build();
    this.auditVerifier = AuditVerifier.create(keyRing, clock);
    this.widgetKeys = WidgetApiKeys.create(keyRing, "pw_live");
    this.widgetTokens = WidgetSessionTokens.builder(keyRing).ttl(Duration.ofMinutes(30)).clock(clock).build();
    // http origins only because this is a local demo on http://localhost; production pages are https.
    this.demoSafelist = OriginSafelist.builder().insecureAllowHttp().allow(customerOrigin).build();
    this.cors = CorsHeaders.builder()
        .allowMethods("POST")
        .allowHeaders("Authorization", "Content-Type")
        .exposeHeaders("Retry-After", "RateLimit", "RateLimit-Policy")
        .build();
    this.chatLimiter = RateLimiter.builder("widget-chat", backends.rateLimits)
        .limit(Limit.perMinute("minute", chatPerMinute))
        .build();
    this.signupPerIp = RateLimiter.builder("signup-ip", backends.rateLimits).timeout(FORM_LIMIT_TIMEOUT).limit(Limit.perHour("hour", 60)).build();
    this.signupPerEmail = RateLimiter.builder("signup-email", backends.rateLimits).timeout(FORM_LIMIT_TIMEOUT).limit(Limit.perHour("hour", 5)).build();
    this.magicLinkPerIp = RateLimiter.builder("magic-link-ip", backends.rateLimits).timeout(FORM_LIMIT_TIMEOUT).limit(Limit.perHour("hour", 30)).build();
    this.magicLinkPerEmail = RateLimiter.builder("magic-link-email", backends.rateLimits).timeout(FORM_LIMIT_TIMEOUT).limit(Limit.perHour("hour", 5)).build();
    this.auditVerifyPerUser = RateLimiter.builder("audit-verify-user", backends.rateLimits).timeout(FORM_LIMIT_TIMEOUT).limit(Limit.perHour("hour", 10)).build();
    this.auditVerifyAll = RateLimiter.builder("audit-verify-all", backends.rateLimits).timeout(FORM_LIMIT_TIMEOUT).limit(Limit.perHour("hour", 60)).build();
    this.passkeyOptionsPerIp = RateLimiter.builder("passkey-options-ip", backends.rateLimits).timeout(FORM_LIMIT_TIMEOUT)
        .limit(Limit.perMinute("minute", 20)).limit(Limit.perHour("hour", 120)).build();
    this.connected = new ConnectedAccounts(CredentialCipher.create(keyRing), backends.records);
  }

  /** Records an audit event of this request (request id, ip and user agent; never a cookie or a form value). */
  void audit(HttpServletRequest req, String type, String outcome, String actor, String target) {
    AuditEvent.Builder e = event(req, type, outcome, actor);
    if (target != null) {
      e.target(target);
    }
    audit.record(e.build());
  }

  /** An audit event of this request (ip and user agent) to add attributes to; record it with {@code audit.record}. */
  AuditEvent.Builder event(HttpServletRequest req, String type, String outcome, String actor) {
    AuditEvent.Builder e = audit.event(type).outcome(outcome);
    Optional<AuditContext> context = AuditContextFilter.context(req);
    if (context.isPresent()) {
      context.get().applyTo(e); // request id, client address and cleaned user agent from AuditContextFilter
    } else {
      e.ip(req.getRemoteAddr());
    }
    if (actor != null) {
      e.actor(actor);
    }
    return e;
  }

  @Override
  public void close() {
    audit.close();
    backends.close();
  }
}
